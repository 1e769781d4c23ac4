package io.pyrope.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table: a header, rows, columns padded to their widest cell (numbers right-aligned). */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    List<String> r = new ArrayList<>(cells.length);
    for (Object c : cells) {
      r.add(c == null ? "-" : c instanceof Double d ? fmt(d) : String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  public void print(PrintStream out) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], i < r.size() ? r.get(i).length() : 0);
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, w);
    for (int i = 0; i < w.length; i++) {
      sb.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
    }
    sb.append('\n');
    for (List<String> r : rows) {
      line(sb, r, w);
    }
    out.print(sb);
    out.flush();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    for (int i = 0; i < w.length; i++) {
      String c = i < cells.size() ? cells.get(i) : "";
      boolean numeric = !c.isEmpty() && (Character.isDigit(c.charAt(0)) || c.charAt(0) == '-' && c.length() > 1);
      sb.append(i == 0 ? "" : "  ");
      sb.append(numeric ? " ".repeat(w[i] - c.length()) + c : c + " ".repeat(w[i] - c.length()));
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
    sb.append('\n');
  }

  /** Up to 4 significant figures for small numbers, no decimals for large ones. */
  static String fmt(double d) {
    double a = Math.abs(d);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%.0f", d);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
