"""Where the Java side lives: the jar and the java executable."""

import os
import shutil
from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: Bundled by setup.py when ``pip install --no-build-isolation ./python`` ran after ``mvn package``.
BUNDLED_JAR = _HERE / "reluconvex.jar"
#: ``target/reluconvex.jar`` of the checkout this package is imported from (``python/reluconvex``).
CHECKOUT_JAR = _HERE.parent.parent / "target" / "reluconvex.jar"


def find_jar() -> Path:
    """The jar: $RELUCONVEX_JAR, else the bundled jar, else the checkout's target/reluconvex.jar."""
    env = os.environ.get("RELUCONVEX_JAR")
    if env:
        if not Path(env).is_file():
            raise FileNotFoundError(f"RELUCONVEX_JAR={env}: no such file")
        return Path(env)
    for jar in (BUNDLED_JAR, CHECKOUT_JAR):
        if jar.is_file():
            return jar
    raise FileNotFoundError(
        "reluconvex.jar not found: set RELUCONVEX_JAR to its path, or run 'mvn package' in the "
        f"checkout ({CHECKOUT_JAR} is looked for) and reinstall the package to bundle it")


def find_java() -> str:
    """The java executable: $RELUCONVEX_JAVA, else $JAVA_HOME/bin/java, else java on the PATH."""
    for candidate in (os.environ.get("RELUCONVEX_JAVA"),
                      os.environ.get("JAVA_HOME") and os.path.join(os.environ["JAVA_HOME"], "bin", "java")):
        if candidate and Path(candidate).is_file():
            return candidate
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError("java not found: install Java 17 or later, or set RELUCONVEX_JAVA or JAVA_HOME")
    return java
