package org.reluconvex.complex;

import java.util.Arrays;

/**
 * Open-addressing multimap from long keys to int payloads, keeping insertion order within a key.
 * Used to group split points by the 2-face they bound without boxing millions of keys.
 */
final class LongIntMultiMap {
  private long[] keys;
  private int[] head; // slot -> first entry, -1 empty
  private int[] tail;
  private int[] next; // entry -> next entry of the same key
  private int[] value;
  private int size;
  private int slotsUsed;
  private int mask;

  LongIntMultiMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    head = new int[cap];
    tail = new int[cap];
    Arrays.fill(head, -1);
    mask = cap - 1;
    next = new int[Math.max(16, expected)];
    value = new int[next.length];
  }

  /** Number of entries. */
  int size() { return size; }

  void put(long key, int v) {
    if ((slotsUsed + 1) * 2 > keys.length) rehash();
    int s = slot(key);
    if (head[s] < 0) {
      keys[s] = key;
      slotsUsed++;
    }
    if (size == next.length) {
      int n = size * 2;
      next = Arrays.copyOf(next, n);
      value = Arrays.copyOf(value, n);
    }
    int e = size++;
    value[e] = v;
    next[e] = -1;
    if (head[s] < 0) head[s] = e;
    else next[tail[s]] = e;
    tail[s] = e;
  }

  private int slot(long key) {
    int s = (int) (LongHash.mix(key) & mask);
    while (head[s] >= 0 && keys[s] != key) s = (s + 1) & mask;
    return s;
  }


  private void rehash() {
    long[] ok = keys;
    int[] oh = head, ot = tail;
    int cap = ok.length * 2;
    keys = new long[cap];
    head = new int[cap];
    tail = new int[cap];
    Arrays.fill(head, -1);
    mask = cap - 1;
    for (int i = 0; i < ok.length; i++) {
      if (oh[i] < 0) continue;
      int s = slot(ok[i]);
      keys[s] = ok[i];
      head[s] = oh[i];
      tail[s] = ot[i];
    }
  }

  /** Slots in use, for iteration: returns the first entry of slot s or -1. */
  int capacity() { return keys.length; }

  int first(int slot) { return head[slot]; }

  /** The first entry of key, or -1. */
  int firstOf(long key) { return head[slot(key)]; }

  long keyAt(int slot) { return keys[slot]; }

  int nextEntry(int e) { return next[e]; }

  int value(int e) { return value[e]; }
}
