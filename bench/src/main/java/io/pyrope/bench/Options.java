package io.pyrope.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one mode: {@code --name value}, {@code --name=value} and boolean
 * {@code --flag}s. Every option must be declared by the mode; an unknown one, a missing value,
 * a repeated option or a stray positional argument is a {@link BenchException} naming it, so
 * a typo never silently falls back to a default.
 */
public final class Options {
  private final String mode;
  private final Map<String, String> values;   // option name (without --) -> value; "true" for flags

  private Options(String mode, Map<String, String> values) {
    this.mode = mode;
    this.values = values;
  }

  /**
   * Parses {@code args} for {@code mode}.
   *
   * @param valued options that take a value
   * @param flags options that take none
   */
  public static Options parse(String mode, List<String> args, Set<String> valued, Set<String> flags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new BenchException(mode + ": unexpected argument '" + arg + "'; options look like --name value");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new BenchException(mode + ": --" + name + " takes no value");
        }
        value = "true";
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size() || (args.get(i + 1).startsWith("--") && args.get(i + 1).length() > 2)) {
            throw new BenchException(mode + ": --" + name + " needs a value");
          }
          value = args.get(++i);
        }
      } else {
        List<String> known = new ArrayList<>(valued);
        known.addAll(flags);
        Collections.sort(known);
        throw new BenchException(mode + ": unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
      }
      if (out.put(name, value) != null) {
        throw new BenchException(mode + ": --" + name + " given twice");
      }
    }
    return new Options(mode, out);
  }

  public String mode() {
    return mode;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  /** The value, or {@code fallback} when absent. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The value of a required option. */
  public String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new BenchException(mode + ": --" + name + " is required");
    }
    return v;
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
  public int getInt(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    return parseInt(mode + ": --" + name, v, min, max);
  }

  /** A number in {@code [min, max]}, or {@code fallback} when absent. */
  public double getDouble(String name, double fallback, double min, double max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    double d;
    try {
      d = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new BenchException(mode + ": --" + name + " must be a number, got '" + v + "'");
    }
    if (!(d >= min && d <= max)) {
      throw new BenchException(mode + ": --" + name + " must be in " + min + ".." + max + ", got " + v);
    }
    return d;
  }

  /** A positive number of seconds (fractions allowed), or {@code fallback} when absent. */
  public double getSeconds(String name, double fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.endsWith("s") ? v.substring(0, v.length() - 1) : v);
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new BenchException(mode + ": --" + name + " must be a positive number of seconds, got '" + v + "'");
    }
  }

  /** Every option given, in order; flags have the value {@code "true"}. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  static int parseInt(String what, String v, int min, int max) {
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new BenchException(what + " must be an integer, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new BenchException(what + " must be in " + min + ".." + max + ", got " + n);
    }
    return (int) n;
  }
}
