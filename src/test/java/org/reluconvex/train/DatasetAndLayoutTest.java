package org.reluconvex.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reluconvex.network.Domain;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

class DatasetAndLayoutTest {
  @Test
  void csvWithAndWithoutHeader(@TempDir Path dir) throws IOException {
    Path a = dir.resolve("a.csv"), b = dir.resolve("b.csv");
    Files.writeString(a, "x1,x2,x3,y\n1,2,3,4\n\n5,6,7,8\n");
    Files.writeString(b, "1.5,-2\n3,4e-1\n");
    Dataset da = Dataset.readCsv(a), db = Dataset.readCsv(b);
    assertThat(da.dim()).isEqualTo(3);
    assertThat(da.size()).isEqualTo(2);
    assertThat(da.input(1)).containsExactly(5, 6, 7);
    assertThat(da.target(1)).isEqualTo(8);
    assertThat(db.dim()).isEqualTo(1);
    assertThat(db.target(1)).isEqualTo(0.4);
  }

  @Test
  void csvErrorsNameTheLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "x1,y\n1,2\n3\n");
    assertThatThrownBy(() -> Dataset.readCsv(f)).isInstanceOf(IOException.class).hasMessageContaining("line 3");
    Files.writeString(f, "1,2\n3,x\n");
    assertThatThrownBy(() -> Dataset.readCsv(f)).hasMessageContaining("line 2");
    Files.writeString(f, "x,y\n");
    assertThatThrownBy(() -> Dataset.readCsv(f)).hasMessageContaining("no data rows");
  }

  @Test
  void seededSplitIsAPartition() {
    Dataset d = Dataset.sample(RandomNetworks.mlp(2, new int[] {3}, 1), Domain.cube(2, -1, 1), 1000, new SplittableRandom(2));
    Dataset.Split s = d.split(0.2, new SplittableRandom(3));
    assertThat(s.validation().size()).isEqualTo(200);
    assertThat(s.train().size()).isEqualTo(800);
    double sum = 0, parts = 0;
    for (int i = 0; i < d.size(); i++) sum += d.target(i);
    for (int i = 0; i < 800; i++) parts += s.train().target(i);
    for (int i = 0; i < 200; i++) parts += s.validation().target(i);
    assertThat(parts).isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d.split(0.2, new SplittableRandom(3)).validation().input(7)).isEqualTo(s.validation().input(7));
    Domain bb = d.boundingBox();
    assertThat(bb.lo(0)).isGreaterThanOrEqualTo(-1);
    assertThat(bb.hi(1)).isLessThanOrEqualTo(1);
  }

  @Test
  void layoutRoundTripsAndProjectsOnlyHiddenWeights() {
    for (boolean skip : new boolean[] {false, true}) {
      Network net = RandomNetworks.draw(3, new int[] {4, 5, 2}, skip, false, new SplittableRandom(4));
      ParameterLayout layout = ParameterLayout.of(net);
      assertThat(layout.skip()).isEqualTo(skip);
      double[] theta = layout.parametersOf(net);
      assertThat(theta).hasSize((int) net.parameterCount());
      assertThat(layout.network(theta)).isEqualTo(net);
      layout.projectToIcnn(theta);
      Network projected = layout.network(theta);
      assertThat(projected.isIcnn()).isTrue();
      assertThat(projected.rawBlock(1, 0)).isEqualTo(net.rawBlock(1, 0));
      if (skip) assertThat(projected.rawBlock(3, 0)).isEqualTo(net.rawBlock(3, 0));
      for (int l = 1; l <= 4; l++) assertThat(projected.rawBias(l)).isEqualTo(net.rawBias(l));
    }
    assertThatThrownBy(() -> new ParameterLayout(2, new int[] {3}, false).parametersOf(RandomNetworks.mlp(2, new int[] {4}, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
