/**
 * The filter language of {@code VEC.SEARCH … FILTER expr}: which records a search may return,
 * by their tags, numeric fields and top-level meta keys.
 *
 * <pre>{@code
 * VEC.SEARCH acme docs TOPK 10 VECTOR … FILTER "tag in ('news', 'blog') and year >= 2020 and not meta.draft == true"
 * }</pre>
 *
 * <h2>Grammar</h2>
 *
 * <pre>
 * filter     := or EOF
 * or         := and ( ("or" | "||") and )*
 * and        := unary ( ("and" | "&amp;&amp;") unary )*
 * unary      := ("not" | "!") unary | primary
 * primary    := "(" or ")" | tagcond | fieldcond
 * tagcond    := ("tag" | "tags") ( ("==" | "=" | "!=" | "&lt;&gt;") string
 *                                | ["not"] "in" "(" string ("," string)* ")" )
 * fieldcond  := field ( cmpop literal | ["not"] "in" "(" literal ("," literal)* ")" )
 * field      := name                   -- numeric field if the record has it, else meta key
 *             | "meta" "." anyname     -- always the top-level meta key
 *             | "num" "." anyname      -- always the numeric field
 * name       := [A-Za-z_][A-Za-z0-9_]* (not a keyword) | "`" chars "`"
 * anyname    := [A-Za-z_][A-Za-z0-9_]* (keywords allowed) | "`" chars "`"
 * cmpop      := "==" | "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * literal    := string | number | "true" | "false" | "null"
 * string     := '"' chars '"' | "'" chars "'"
 * number     := "-"? digits ("." digits)? (("e" | "E") ("+" | "-")? digits)?
 * </pre>
 *
 * <p>Keywords ({@code and or not in true false null tag tags}) and the {@code meta.}/{@code num.}
 * prefixes are case-insensitive; names, strings and tags are case-sensitive. Inside quotes and
 * back-quotes a backslash escapes a backslash, either quote, a back-quote or a slash, and
 * {@code n t r b f}, and {@code u} with four hex digits, mean what they mean in JSON. A
 * back-quoted name is never a keyword: {@code `tag` == 1} reads the field called "tag", and
 * {@code meta.`a.b`} the meta key "a.b". Precedence, tightest first: comparison, {@code not},
 * {@code and}, {@code or}; {@code not x < 1} means {@code not (x < 1)}.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>{@code tag == "red"} is true when the record's tag set contains "red"; {@code tag in
 *       (…)} when it contains any of them. Tags only compare with strings; {@code <} on tags is
 *       an error.
 *   <li>A bare name reads the numeric field of that name if the record has one, and the
 *       top-level meta key otherwise, record by record. {@code meta.x} and {@code num.x} pin the
 *       lookup. {@code num.x} holds numbers only: comparing it with a string or boolean is an
 *       error.
 *   <li><b>A comparison against a missing field is false</b>, whatever the operator.
 *   <li>{@code a != v} is exactly {@code not (a == v)}, and {@code a not in (…)} is exactly
 *       {@code not (a in (…))}: both are true when the field is missing.
 *   <li>{@code a == null} is true when the field is missing or holds JSON null.
 *   <li>Numbers compare numerically, whether from a numeric field or a JSON number in meta
 *       (as {@code double}: longs beyond 2^53 lose precision). A number never equals or orders
 *       against a string, a boolean, an object or an array: {@code year == 2020} is false for
 *       meta {@code {"year": "2020"}}.
 *   <li>Strings order lexicographically by UTF-16 code unit ({@link java.lang.String#compareTo}).
 *       {@code <}, {@code <=}, {@code >}, {@code >=} need a number or a string literal.
 *   <li>Booleans only take {@code ==}, {@code !=} and {@code in}. Meta objects and arrays match
 *       nothing but {@code != …} and {@code not in (…)}.
 * </ul>
 *
 * <h2>Limits</h2>
 *
 * <p>{@link io.pyrope.engine.filter.FilterParser#MAX_LENGTH} characters,
 * {@link io.pyrope.engine.filter.FilterParser#MAX_DEPTH} levels of parentheses and
 * {@code not}, {@link io.pyrope.engine.filter.FilterParser#MAX_TERMS} conditions,
 * {@link io.pyrope.engine.filter.FilterParser#MAX_IN_ITEMS} values per {@code in} list.
 * Exceeding one is a {@link io.pyrope.engine.filter.FilterSyntaxException} with
 * {@code limitExceeded()} set ({@code VEC_ERR_LIMIT}); any other bad text is one with the
 * position of the problem ({@code VEC_ERR_SYNTAX}). The parser throws nothing else.
 *
 * <h2>Canonical form</h2>
 *
 * <p>A parsed {@link io.pyrope.engine.filter.Filter} is normalized (see its documentation), and
 * {@link io.pyrope.engine.filter.Filter#canonical()} prints it back in one spelling, e.g.
 * {@code a=1 AND tag in ('b','a')} and {@code tags IN ("a","b","a") && a == 1.0} both become
 * {@code a == 1 and tag in ("a", "b")}. The cache keys on that text.
 *
 * <h2>Layout</h2>
 *
 * <p>This package is the API: {@link io.pyrope.engine.filter.FilterParser},
 * {@link io.pyrope.engine.filter.Filter} (a sealed tree of records that evaluates itself),
 * {@link io.pyrope.engine.filter.FilterTarget} (what the engine's record implements) and
 * {@link io.pyrope.engine.filter.FilterSyntaxException}. The lexer, parser, printer and
 * normalization rules are in {@code impl}.
 */
package io.pyrope.engine.filter;
