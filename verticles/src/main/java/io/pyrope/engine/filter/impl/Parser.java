package io.pyrope.engine.filter.impl;

import static io.pyrope.engine.filter.FilterParser.MAX_DEPTH;
import static io.pyrope.engine.filter.FilterParser.MAX_IN_ITEMS;
import static io.pyrope.engine.filter.FilterParser.MAX_LENGTH;
import static io.pyrope.engine.filter.FilterParser.MAX_TERMS;

import io.pyrope.engine.filter.Field;
import io.pyrope.engine.filter.Filter;
import io.pyrope.engine.filter.FilterSyntaxException;
import io.pyrope.engine.filter.Op;
import io.pyrope.engine.filter.ValueSet;
import io.pyrope.engine.filter.impl.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for the grammar in the package documentation, one token of
 * look-ahead. Type rules (a tag is compared with strings, {@code <} needs a number or a string,
 * {@code num.x} holds numbers) are checked here, at the literal's position, so that a mistake is
 * reported instead of silently matching nothing.
 *
 * <p>Recursion is bounded by {@link io.pyrope.engine.filter.FilterParser#MAX_DEPTH}: every
 * {@code (} and every {@code not} counts one level, and each level costs a fixed number of stack
 * frames, so no input can overflow the stack.
 *
 * <p>Not thread-safe: one parser per parse; {@link #parse} is the thread-safe entry point.
 */
public final class Parser {
  private final String src;
  private final Lexer lexer;
  /** The current look-ahead token. */
  private Token tok;
  /** Open parentheses and negations around the current position. */
  private int depth;
  /** Conditions parsed so far. */
  private int terms;
  /** End of the previous token, to quote a multi-token field like {@code meta.`a b`} in errors. */
  private int lastEnd;

  private Parser(String src) {
    this.src = src;
    this.lexer = new Lexer(src);
  }

  /** See {@link io.pyrope.engine.filter.FilterParser#parse}. */
  public static Filter parse(String text) {
    if (text != null && text.length() > MAX_LENGTH) {
      throw FilterSyntaxException.limit(MAX_LENGTH,
          "filter is too long: " + text.length() + " characters, limit " + MAX_LENGTH);
    }
    if (text == null || text.isBlank()) {
      throw FilterSyntaxException.syntax(0, "filter is empty");
    }
    return new Parser(text).parseFilter();
  }

  private Filter parseFilter() {
    advance();
    Filter f = parseOr();
    if (tok.kind() == Kind.RPAREN) {
      throw error(tok, "unmatched ')'");
    }
    if (tok.kind() != Kind.EOF) {
      throw error(tok, "expected 'and', 'or' or end of input but found " + describe(tok));
    }
    return f;
  }

  // or := and ( ("or" | "||") and )*
  private Filter parseOr() {
    List<Filter> terms = new ArrayList<>();
    terms.add(parseAnd());
    while (tok.kind() == Kind.OR) {
      advance();
      terms.add(parseAnd());
    }
    return terms.size() == 1 ? terms.get(0) : Filter.or(terms);
  }

  // and := unary ( ("and" | "&&") unary )*
  private Filter parseAnd() {
    List<Filter> terms = new ArrayList<>();
    terms.add(parseUnary());
    while (tok.kind() == Kind.AND) {
      advance();
      terms.add(parseUnary());
    }
    return terms.size() == 1 ? terms.get(0) : Filter.and(terms);
  }

  // unary := ("not" | "!") unary | primary
  private Filter parseUnary() {
    if (tok.kind() != Kind.NOT) {
      return parsePrimary();
    }
    enter(tok);
    advance();
    Filter f = Filter.not(parseUnary());
    depth--;
    return f;
  }

  // primary := "(" or ")" | tag-condition | field-condition
  private Filter parsePrimary() {
    switch (tok.kind()) {
      case LPAREN -> {
        enter(tok);
        advance();
        Filter f = parseOr();
        expect(Kind.RPAREN, "')'");
        depth--;
        return f;
      }
      case TAG -> {
        return parseTagCondition();
      }
      case NAME, QUOTED_NAME -> {
        return parseFieldCondition();
      }
      default -> throw error(tok, "expected a condition (a field name, 'tag', 'not' or '(') but found " + describe(tok));
    }
  }

  // tag-condition := tag ("==" | "!=") string | tag ["not"] "in" "(" string ("," string)* ")"
  private Filter parseTagCondition() {
    Token tag = tok;
    countTerm(tag);
    advance();
    Token op = tok;
    switch (op.kind()) {
      case EQ, NE -> {
        advance();
        Token value = literal();
        if (value.kind() != Kind.STRING) {
          throw error(value, "tag values are strings, found " + describe(value));
        }
        Filter f = new Filter.HasTag(List.of(value.text()));
        return op.kind() == Kind.NE ? Filter.not(f) : f;
      }
      case IN, NOT -> {
        boolean negated = notIn();
        List<String> tags = new ArrayList<>();
        for (Token value : list()) {
          if (value.kind() != Kind.STRING) {
            throw error(value, "tag values are strings, found " + describe(value));
          }
          tags.add(value.text());
        }
        Filter f = new Filter.HasTag(tags);
        return negated ? Filter.not(f) : f;
      }
      case LT, LE, GT, GE -> throw error(op, describe(op) + " does not apply to tags; use ==, != or in");
      default -> throw error(op, "expected '==', '!=' or 'in' after " + describe(tag) + " but found " + describe(op));
    }
  }

  // field-condition := field compare-op literal | field ["not"] "in" "(" literal ("," literal)* ")"
  // field := name | ("meta" | "num") "." (name | keyword)
  private Filter parseFieldCondition() {
    Token first = tok;
    countTerm(first);
    advance();
    Field field;
    if (tok.kind() == Kind.DOT && first.kind() == Kind.NAME) {
      String prefix = first.text().toLowerCase(Locale.ROOT);
      Field.Scope scope = switch (prefix) {
        case "meta" -> Field.Scope.META;
        case "num" -> Field.Scope.NUMERIC;
        default -> throw error(first, "unknown prefix " + Lexer.quote(first.text() + ".") + ", use 'meta.' or 'num.'");
      };
      advance();
      if (tok.kind() != Kind.QUOTED_NAME && !tok.isWord()) {
        throw error(tok, "expected a name after " + Lexer.quote(first.text() + ".") + " but found " + describe(tok));
      }
      field = new Field(scope, tok.text());
      advance();
    } else {
      field = Field.auto(first.text());
    }
    Token op = tok;
    return switch (op.kind()) {
      case EQ, NE, LT, LE, GT, GE -> {
        advance();
        Filter f = comparison(field, op, literal());
        yield op.kind() == Kind.NE ? Filter.not(f) : f;
      }
      case IN, NOT -> {
        boolean negated = notIn();
        ValueSet.Builder values = ValueSet.builder();
        for (Token value : list()) {
          switch (value.kind()) {
            case NUMBER -> values.addNumber(value.number());
            case NULL -> values.addNull();
            default -> {
              requireNotNumeric(field, value);
              if (value.kind() == Kind.STRING) {
                values.addString(value.text());
              } else {
                values.addBoolean(value.kind() == Kind.TRUE);
              }
            }
          }
        }
        Filter f = Filter.in(field, values.build());
        yield negated ? Filter.not(f) : f;
      }
      default -> throw error(op, "expected a comparison operator after "
          + Lexer.quote(src.substring(first.start(), lastEnd)) + " but found " + describe(op));
    };
  }

  /** {@code field op value} for a literal token; {@code !=} arrives as {@code ==} and is negated by the caller. */
  private Filter comparison(Field field, Token opTok, Token value) {
    Op op = switch (opTok.kind()) {
      case LT -> Op.LT;
      case LE -> Op.LE;
      case GT -> Op.GT;
      case GE -> Op.GE;
      default -> Op.EQ;
    };
    if (op != Op.EQ && value.kind() != Kind.NUMBER && value.kind() != Kind.STRING) {
      throw error(value, describe(opTok) + " needs a number or a string, found " + describe(value));
    }
    return switch (value.kind()) {
      case NUMBER -> new Filter.NumCmp(field, op, value.number());
      case NULL -> new Filter.IsNull(field);
      case STRING -> {
        requireNotNumeric(field, value);
        yield new Filter.StrCmp(field, op, value.text());
      }
      default -> {
        requireNotNumeric(field, value);
        yield new Filter.BoolEq(field, value.kind() == Kind.TRUE);
      }
    };
  }

  /** Consumes {@code in} or {@code not in}; true for the negated form. */
  private boolean notIn() {
    boolean negated = tok.kind() == Kind.NOT;
    if (negated) {
      advance();
      if (tok.kind() != Kind.IN) {
        throw error(tok, "expected 'in' after 'not' but found " + describe(tok));
      }
    }
    advance();
    return negated;
  }

  /** {@code "(" literal ("," literal)* ")"}, bounded by MAX_IN_ITEMS. */
  private List<Token> list() {
    if (tok.kind() != Kind.LPAREN) {
      throw FilterSyntaxException.syntax(tok.start(), "'in' needs a parenthesised list at position " + tok.start());
    }
    advance();
    if (tok.kind() == Kind.RPAREN) {
      throw error(tok, "'in' list is empty");
    }
    List<Token> values = new ArrayList<>();
    while (true) {
      if (values.size() == MAX_IN_ITEMS) {
        throw FilterSyntaxException.limit(tok.start(), "'in' list is too long at position " + tok.start()
            + ": limit " + MAX_IN_ITEMS + " values");
      }
      values.add(literal());
      if (tok.kind() == Kind.RPAREN) {
        advance();
        return values;
      }
      if (tok.kind() != Kind.COMMA) {
        throw error(tok, "expected ',' or ')' in the 'in' list but found " + describe(tok));
      }
      advance();
    }
  }

  /** Consumes one literal token: string, number, true, false or null. */
  private Token literal() {
    Token t = tok;
    switch (t.kind()) {
      case STRING, NUMBER, TRUE, FALSE, NULL -> {
        advance();
        return t;
      }
      default -> throw error(t, "expected a value (a string, number, true, false or null) but found " + describe(t));
    }
  }

  private void requireNotNumeric(Field field, Token value) {
    if (field.scope() == Field.Scope.NUMERIC) {
      throw error(value, "num." + field.name() + " holds numbers, found " + describe(value));
    }
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw FilterSyntaxException.limit(at.start(), "filter is nested too deeply at position " + at.start()
          + ": limit " + MAX_DEPTH + " levels of parentheses and 'not'");
    }
  }

  private void countTerm(Token at) {
    if (++terms > MAX_TERMS) {
      throw FilterSyntaxException.limit(at.start(), "filter has too many conditions at position " + at.start()
          + ": limit " + MAX_TERMS);
    }
  }

  private void expect(Kind kind, String what) {
    if (tok.kind() != kind) {
      throw error(tok, "expected " + what + " but found " + describe(tok));
    }
    advance();
  }

  private void advance() {
    if (tok != null) {
      lastEnd = tok.end();
    }
    tok = lexer.next();
  }

  private String describe(Token t) {
    return t.kind() == Kind.EOF ? "end of input" : Lexer.quote(src.substring(t.start(), t.end()));
  }

  private static FilterSyntaxException error(Token at, String detail) {
    return FilterSyntaxException.syntax(at.start(), "bad filter at position " + at.start() + ": " + detail);
  }
}
