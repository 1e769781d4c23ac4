package io.pyrope.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.pyrope.engine.filter.RandomFilters.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever text arrives after FILTER, the parser answers with a filter or a
 * {@link FilterSyntaxException} whose position lies inside the text, and a filter it returns
 * evaluates without throwing and round-trips through its canonical text.
 */
class FilterFuzzTest {
  private static final int CASES = 20_000;
  /** Characters the grammar cares about, weighted towards the tricky ones. */
  private static final String ALPHABET = "()()\"\"''``,..==<<>>!!&&||--+eE0123456789 \t\\\\unotandorinmetanumtag_xyzTRUEfalsenull";
  private static final String[] WORDS = {"and", "or", "not", "in", "tag", "meta.", "num.", "true", "null", "==", "!=", "<=", "(", ")", "'a'", "\"b\"", "1.5", "-2", "x", "`q r`", ","};

  @Test
  void arbitraryTextNeverThrowsAnythingButFilterSyntaxException() {
    Random rnd = new Random(424242L);
    RandomFilters gen = new RandomFilters(4242L);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(gen.row());
    }
    int parsed = 0;
    for (int i = 0; i < CASES; i++) {
      String text = switch (i % 5) {
        case 0 -> randomChars(rnd, ALPHABET, rnd.nextInt(60));
        case 1 -> randomWords(rnd);
        case 2 -> mutate(rnd, gen.render(gen.expr(3)));
        case 3 -> randomUtf16(rnd, rnd.nextInt(40));
        default -> i % 500 == 4 ? huge(rnd) : mutate(rnd, randomWords(rnd));
      };
      try {
        Filter f = FilterParser.parse(text);
        parsed++;
        for (Row r : rows) {
          f.test(r.target());
        }
        String canonical = f.canonical();
        if (canonical.length() <= FilterParser.MAX_LENGTH) {
          assertEquals(f, FilterParser.parse(canonical), () -> "round trip of " + show(text));
        }
      } catch (FilterSyntaxException e) {
        int len = text.length();
        assertTrue(e.position() >= 0 && e.position() <= Math.max(len, FilterParser.MAX_LENGTH),
            () -> "position " + e.position() + " outside " + show(text));
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), () -> show(text));
      } catch (Throwable t) {
        fail("parse(" + show(text) + ") threw " + t, t);
      }
    }
    assertTrue(parsed > CASES / 50, "the fuzzer should also produce valid filters, got " + parsed);
  }

  private static String randomChars(Random rnd, String alphabet, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String randomWords(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(12); i > 0; i--) {
      sb.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextBoolean() ? " " : "");
    }
    return sb.toString();
  }

  private static String randomUtf16(Random rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) (rnd.nextBoolean() ? rnd.nextInt(128) : rnd.nextInt(0x10000)));
    }
    return sb.toString();
  }

  /** Deletes, inserts, duplicates or swaps a few characters of a valid filter. */
  private static String mutate(Random rnd, String s) {
    StringBuilder sb = new StringBuilder(s);
    for (int m = 1 + rnd.nextInt(3); m > 0; m--) {
      int at = sb.length() == 0 ? 0 : rnd.nextInt(sb.length());
      switch (rnd.nextInt(4)) {
        case 0 -> {
          if (sb.length() > 0) {
            sb.deleteCharAt(at);
          }
        }
        case 1 -> sb.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        case 2 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + 1 + rnd.nextInt(8))));
        default -> {
          if (sb.length() > 1) {
            int b = rnd.nextInt(sb.length());
            char c = sb.charAt(at);
            sb.setCharAt(at, sb.charAt(b));
            sb.setCharAt(b, c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Long inputs around the length limit, deep nesting, long lists. */
  private static String huge(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> "(".repeat(rnd.nextInt(5000));
      case 1 -> "not ".repeat(rnd.nextInt(1200)) + "x == 1";
      case 2 -> "x in (" + "1,".repeat(rnd.nextInt(2000)) + "2)";
      default -> "x == '" + "a".repeat(4080 + rnd.nextInt(30)) + "'";
    };
  }

  private static String show(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.append('"').toString();
  }
}
