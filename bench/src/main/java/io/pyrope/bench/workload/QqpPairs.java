package io.pyrope.bench.workload;

import io.pyrope.bench.BenchException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Quora Question Pairs file ({@code qqp_pairs.jsonl}: one {@code {"text_a","text_b","label"}}
 * a line) as questions and clusters. Every distinct text gets an id (first appearance order);
 * pairs labelled 1 ("the same question") are joined by union-find, so duplicates chain into
 * clusters: if A≡B and B≡C then A, B and C are one cluster even though (A, C) was never labelled.
 * Pairs labelled 0 are kept as a set, to tell a wrong hit between questions a person judged
 * different from one between questions merely in different clusters.
 *
 * <p>Cluster ids are the index of the cluster in {@link #clusters()}, ordered by their smallest
 * text id, so they are stable for one file. Immutable after {@link #read}.
 */
public final class QqpPairs {
  private final List<String> texts;          // text id -> question
  private final int[] clusterOf;             // text id -> cluster id
  private final List<int[]> clusters;        // cluster id -> member text ids, ascending
  private final Set<Long> labelledDifferent; // pairs labelled 0, as (min id << 32 | max id)

  private QqpPairs(List<String> texts, int[] clusterOf, List<int[]> clusters, Set<Long> labelledDifferent) {
    this.texts = texts;
    this.clusterOf = clusterOf;
    this.clusters = clusters;
    this.labelledDifferent = labelledDifferent;
  }

  /** Reads and checks the file; a bad line is a {@link BenchException} naming the file and line. */
  public static QqpPairs read(Path file) {
    Map<String, Integer> ids = new HashMap<>();
    List<String> texts = new ArrayList<>();
    List<int[]> same = new ArrayList<>();
    Set<Long> different = new HashSet<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        JsonObject o;
        try {
          o = new JsonObject(line);
        } catch (DecodeException | ClassCastException e) {
          throw new BenchException(file + ":" + lineNo + ": not a JSON object: " + e.getMessage());
        }
        String a = text(o, "text_a", file, lineNo);
        String b = text(o, "text_b", file, lineNo);
        Object label = o.getValue("label");
        if (!(label instanceof Number n) || (n.intValue() != 0 && n.intValue() != 1) || n.doubleValue() != n.intValue()) {
          throw new BenchException(file + ":" + lineNo + ": \"label\" must be 0 or 1, got " + label);
        }
        int ia = ids.computeIfAbsent(a, t -> add(texts, t));
        int ib = ids.computeIfAbsent(b, t -> add(texts, t));
        if (n.intValue() == 1) {
          same.add(new int[] {ia, ib});
        } else {
          different.add(pair(ia, ib));
        }
      }
    } catch (IOException e) {
      throw new BenchException("cannot read the pairs file " + file + ": " + e.getMessage());
    }
    if (texts.isEmpty()) {
      throw new BenchException("the pairs file " + file + " holds no pairs");
    }
    int[] parent = new int[texts.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int[] p : same) {
      int x = find(parent, p[0]);
      int y = find(parent, p[1]);
      if (x != y) {
        parent[Math.max(x, y)] = Math.min(x, y); // the root is the smallest id: stable cluster order
      }
    }
    int[] clusterOf = new int[texts.size()];
    Map<Integer, Integer> clusterOfRoot = new HashMap<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int t = 0; t < texts.size(); t++) {
      int root = find(parent, t);
      int c = clusterOfRoot.computeIfAbsent(root, x -> {
        members.add(new ArrayList<>());
        return members.size() - 1;
      });
      clusterOf[t] = c;
      members.get(c).add(t);
    }
    List<int[]> clusters = new ArrayList<>(members.size());
    for (List<Integer> m : members) {
      clusters.add(m.stream().mapToInt(Integer::intValue).toArray());
    }
    return new QqpPairs(List.copyOf(texts), clusterOf, List.copyOf(clusters), Set.copyOf(different));
  }

  private static int add(List<String> texts, String t) {
    texts.add(t);
    return texts.size() - 1;
  }

  private static String text(JsonObject o, String field, Path file, int lineNo) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new BenchException(file + ":" + lineNo + ": \"" + field + "\" must be a non-empty string");
    }
    return s;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  private static long pair(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }

  public int textCount() {
    return texts.size();
  }

  public String text(int id) {
    return texts.get(id);
  }

  public int clusterOf(int textId) {
    return clusterOf[textId];
  }

  /** Cluster id -> its member text ids, ascending. */
  public List<int[]> clusters() {
    return clusters;
  }

  /** Whether the file has the pair (a, b) labelled 0: a person judged them different questions. */
  public boolean labelledDifferent(int a, int b) {
    return labelledDifferent.contains(pair(a, b));
  }
}
