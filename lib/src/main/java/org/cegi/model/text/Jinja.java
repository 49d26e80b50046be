package org.cegi.model.text;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The subset of Jinja2 that Hugging Face chat templates use, rendered as transformers renders them: trim_blocks,
 * lstrip_blocks, loop controls, a {@code tojson} equal to Python's {@code json.dumps}, the globals
 * {@code raise_exception}, {@code strftime_now} and {@code namespace}. Statements: {@code if}, {@code for} (with
 * {@code else} and a filter), {@code set} (also {@code set x}…{@code endset} blocks and {@code set ns.attr}),
 * {@code macro} (defaults, {@code varargs}, {@code kwargs}, {@code caller}), {@code call} (with parameters),
 * {@code filter} blocks, {@code generation} (transformers' assistant-mask marker, rendered as its body),
 * {@code break}/{@code continue}.
 * Python's {@code %} string formatting ({@code '%s' % x}, {@code '%d'}, {@code '%.2f'}, tuples, {@code %(key)s})
 * works on strings. Message text is data, never a template.
 */
final class Jinja {
  /** The value of a missing variable, key or attribute: falsy, prints empty; reading from it fails. */
  static final Object UNDEFINED = new Object() {
    @Override
    public String toString() {
      return "Undefined";
    }
  };

  private final List<Stmt> body;
  private final String name;

  private Jinja(String name, List<Stmt> body) {
    this.name = name;
    this.body = body;
  }

  static Jinja parse(String name, String source) {
    List<Piece> pieces = new Lexer(source, name).pieces();
    Parser p = new Parser(pieces, name);
    List<Stmt> body = p.block(List.of());
    if (p.pos < pieces.size()) {
      throw p.error("unexpected {% " + pieces.get(p.pos).text.trim() + " %}");
    }
    return new Jinja(name, body);
  }

  String render(Map<String, Object> variables, Supplier<LocalDateTime> clock) {
    Ctx ctx = new Ctx(name, clock);
    ctx.scopes.get(0).putAll(variables);
    StringBuilder out = new StringBuilder();
    for (Stmt s : body) {
      s.exec(ctx, out);
    }
    return out.toString();
  }

  // ------------------------------------------------------------------------------------------------ lexing
  private enum Kind { TEXT, EXPR, STMT }

  private record Piece(Kind kind, String text, int offset) {}

  private static final class Lexer {
    private final String s;
    private final String name;

    Lexer(String s, String name) {
      this.s = s;
      this.name = name;
    }

    List<Piece> pieces() {
      List<Piece> out = new ArrayList<>();
      int pos = 0;
      boolean stripNext = false;
      while (pos < s.length()) {
        int open = nextOpen(pos);
        String text = s.substring(pos, open < 0 ? s.length() : open);
        if (stripNext) {
          text = stripLeading(text);
        }
        if (open < 0) {
          addText(out, text, pos);
          break;
        }
        char k = s.charAt(open + 1);
        char mod = open + 2 < s.length() ? s.charAt(open + 2) : ' ';
        if (mod == '-') {
          text = stripTrailing(text);
        } else if (k != '{' && mod != '+') {
          // lstrip_blocks: drop spaces and tabs before a block or comment tag that starts its line.
          int i = text.length();
          while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
          }
          boolean lineStart = i == 0 ? (open - text.length() == 0 || precededByNewline(pos, text, i))
              : text.charAt(i - 1) == '\n';
          if (lineStart) {
            text = text.substring(0, i);
          }
        }
        addText(out, text, pos);
        int start = open + 2 + (mod == '-' || mod == '+' ? 1 : 0);
        String close = k == '{' ? "}}" : k == '%' ? "%}" : "#}";
        int end = k == '#' ? s.indexOf(close, start) : findClose(start, close);
        if (end < 0) {
          throw new IllegalArgumentException("Chat template " + name + ": unclosed " + s.substring(open, open + 2)
              + " at offset " + open);
        }
        boolean dashClose = end > start && s.charAt(end - 1) == '-';
        String inner = s.substring(start, dashClose ? end - 1 : end);
        pos = end + 2;
        stripNext = dashClose;
        if (k == '{') {
          out.add(new Piece(Kind.EXPR, inner, open));
        } else {
          if (k == '%') {
            String trimmed = inner.trim();
            if (trimmed.equals("raw")) {
              int endRaw = s.indexOf("endraw", pos);
              int rawClose = endRaw < 0 ? -1 : s.lastIndexOf("{%", endRaw);
              if (rawClose < 0) {
                throw new IllegalArgumentException("Chat template " + name + ": {% raw %} without {% endraw %}");
              }
              out.add(new Piece(Kind.TEXT, s.substring(pos, rawClose), pos));
              pos = s.indexOf("%}", endRaw) + 2;
              continue;
            }
            out.add(new Piece(Kind.STMT, inner, open));
          }
          // trim_blocks: the first newline after a block or comment tag goes.
          if (!dashClose && pos < s.length() && s.charAt(pos) == '\n') {
            pos++;
          } else if (!dashClose && pos + 1 < s.length() && s.charAt(pos) == '\r' && s.charAt(pos + 1) == '\n') {
            pos += 2;
          }
        }
      }
      return out;
    }

    private boolean precededByNewline(int pos, String text, int i) {
      // text is empty up to i: the tag starts its line if the character before the text is a newline (or BOF).
      int before = pos - 1;
      return before < 0 || s.charAt(before) == '\n' || (text.isEmpty() && before < 0);
    }

    private static void addText(List<Piece> out, String text, int pos) {
      if (!text.isEmpty()) {
        out.add(new Piece(Kind.TEXT, text, pos));
      }
    }

    private int nextOpen(int from) {
      for (int i = from; i + 1 < s.length(); i++) {
        if (s.charAt(i) == '{') {
          char c = s.charAt(i + 1);
          if (c == '{' || c == '%' || c == '#') {
            return i;
          }
        }
      }
      return -1;
    }

    private int findClose(int from, String close) {
      char quote = 0;
      int depth = 0;
      for (int i = from; i + 1 < s.length(); i++) {
        char c = s.charAt(i);
        if (quote != 0) {
          if (c == '\\') {
            i++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (depth == 0 && c == close.charAt(0) && s.charAt(i + 1) == close.charAt(1)) {
          return i;
        } else if (c == '{' || c == '(' || c == '[') {
          depth++;
        } else if ((c == '}' || c == ')' || c == ']') && depth > 0) {
          depth--;
        }
      }
      return -1;
    }

    private static String stripLeading(String t) {
      int i = 0;
      while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      return t.substring(i);
    }

    private static String stripTrailing(String t) {
      int i = t.length();
      while (i > 0 && Character.isWhitespace(t.charAt(i - 1))) {
        i--;
      }
      return t.substring(0, i);
    }
  }

  // ------------------------------------------------------------------------------------------------ tokens
  private enum T { NAME, STR, INT, FLOAT, OP, END }

  private record Tok(T type, String text) {}

  private static List<Tok> tokenize(String src, String where) {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    while (i < src.length()) {
      char c = src.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < src.length() && (Character.isLetterOrDigit(src.charAt(j)) || src.charAt(j) == '_')) {
          j++;
        }
        out.add(new Tok(T.NAME, src.substring(i, j)));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i;
        boolean dot = false;
        while (j < src.length() && (Character.isDigit(src.charAt(j)) || src.charAt(j) == '_'
            || (src.charAt(j) == '.' && !dot && j + 1 < src.length() && Character.isDigit(src.charAt(j + 1))))) {
          dot |= src.charAt(j) == '.';
          j++;
        }
        out.add(new Tok(dot ? T.FLOAT : T.INT, src.substring(i, j).replace("_", "")));
        i = j;
      } else if (c == '\'' || c == '"') {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (j < src.length() && src.charAt(j) != c) {
          char d = src.charAt(j);
          if (d == '\\' && j + 1 < src.length()) {
            char e = src.charAt(++j);
            switch (e) {
              case 'n': b.append('\n'); break;
              case 't': b.append('\t'); break;
              case 'r': b.append('\r'); break;
              case '\\': b.append('\\'); break;
              case '\'': b.append('\''); break;
              case '"': b.append('"'); break;
              default: b.append('\\').append(e);
            }
          } else {
            b.append(d);
          }
          j++;
        }
        if (j >= src.length()) {
          throw new IllegalArgumentException("Chat template " + where + ": unterminated string in " + src);
        }
        out.add(new Tok(T.STR, b.toString()));
        i = j + 1;
      } else {
        String[] ops = {"//", "**", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ".", ",", ":", "|", "~",
            "+", "-", "*", "/", "%", "<", ">", "="};
        String found = null;
        for (String op : ops) {
          if (src.startsWith(op, i)) {
            found = op;
            break;
          }
        }
        if (found == null) {
          throw new IllegalArgumentException("Chat template " + where + ": unexpected character '" + c + "' in "
              + src);
        }
        out.add(new Tok(T.OP, found));
        i += found.length();
      }
    }
    out.add(new Tok(T.END, ""));
    return out;
  }

  // ------------------------------------------------------------------------------------------------ AST
  private interface Expr {
    Object eval(Ctx c);
  }

  private interface Stmt {
    void exec(Ctx c, StringBuilder out);
  }

  private static final class BreakLoop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BreakLoop() {
      super(null, null, false, false);
    }
  }

  private static final class ContinueLoop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ContinueLoop() {
      super(null, null, false, false);
    }
  }

  /** A tuple literal {@code (a, b)}: a list that {@code %} formatting spreads over its placeholders. */
  static final class Tuple extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    Tuple(List<Object> items) {
      super(items);
    }
  }

  /** A {@code namespace()} object: attributes can be set from inner scopes. */
  static final class Namespace extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;
  }

  @FunctionalInterface
  private interface Fn {
    Object call(List<Object> args, Map<String, Object> kwargs);
  }

  private static final class Ctx {
    final String name;
    final Supplier<LocalDateTime> clock;
    final List<Map<String, Object>> scopes = new ArrayList<>();

    Ctx(String name, Supplier<LocalDateTime> clock) {
      this.name = name;
      this.clock = clock;
      Map<String, Object> globals = new HashMap<>();
      globals.put("raise_exception", (Fn) (a, k) -> {
        throw new IllegalArgumentException("Chat template " + name + " refused the messages: "
            + (a.isEmpty() ? "" : str(a.get(0))));
      });
      globals.put("strftime_now", (Fn) (a, k) -> strftime(str(a.get(0)), clock.get()));
      globals.put("namespace", (Fn) (a, k) -> {
        Namespace ns = new Namespace();
        ns.putAll(k);
        return ns;
      });
      globals.put("range", (Fn) (a, k) -> {
        long start = a.size() > 1 ? num(a.get(0)).longValue() : 0;
        long stop = num(a.get(a.size() > 1 ? 1 : 0)).longValue();
        long step = a.size() > 2 ? num(a.get(2)).longValue() : 1;
        List<Object> r = new ArrayList<>();
        for (long x = start; step > 0 ? x < stop : x > stop; x += step) {
          r.add(x);
        }
        return r;
      });
      scopes.add(globals);
      scopes.add(new HashMap<>());
    }

    Object lookup(String n) {
      for (int i = scopes.size() - 1; i >= 0; i--) {
        Map<String, Object> m = scopes.get(i);
        if (m.containsKey(n)) {
          return m.get(n);
        }
      }
      return UNDEFINED;
    }

    void set(String n, Object v) {
      scopes.get(scopes.size() - 1).put(n, v);
    }
  }

  // ------------------------------------------------------------------------------------------------ parser
  private static final class Parser {
    final List<Piece> pieces;
    final String name;
    int pos;
    List<Tok> toks;
    int tp;

    Parser(List<Piece> pieces, String name) {
      this.pieces = pieces;
      this.name = name;
    }

    IllegalArgumentException error(String msg) {
      return new IllegalArgumentException("Chat template " + name + ": " + msg);
    }

    /** Parses statements until one of the end keywords (not consumed); returns them. */
    List<Stmt> block(List<String> ends) {
      List<Stmt> out = new ArrayList<>();
      while (pos < pieces.size()) {
        Piece p = pieces.get(pos);
        if (p.kind == Kind.TEXT) {
          String t = p.text;
          out.add((c, o) -> o.append(t));
          pos++;
        } else if (p.kind == Kind.EXPR) {
          start(p.text);
          Expr e = expr();
          expectEnd(p);
          out.add((c, o) -> o.append(str(e.eval(c))));
          pos++;
        } else {
          start(p.text);
          String kw = peek().text;
          if (ends.contains(kw)) {
            return out;
          }
          pos++;
          tp++;
          out.add(statement(kw, p));
        }
      }
      if (!ends.isEmpty()) {
        throw error("missing {% " + ends.get(ends.size() - 1) + " %}");
      }
      return out;
    }

    private Stmt statement(String kw, Piece p) {
      switch (kw) {
        case "if":
          return ifStmt(p);
        case "for":
          return forStmt(p);
        case "set":
          return setStmt(p);
        case "macro":
          return macroStmt(p);
        case "call":
          return callStmt(p);
        case "filter": {
          List<String> names = new ArrayList<>();
          List<List<Expr>> argLists = new ArrayList<>();
          List<Map<String, Expr>> kwLists = new ArrayList<>();
          do {
            if (!names.isEmpty()) {
              tp++;
            }
            names.add(nameTok());
            List<Expr> args = new ArrayList<>();
            Map<String, Expr> kwargs = new LinkedHashMap<>();
            if (isOp("(")) {
              tp++;
              callArgs(args, kwargs);
            }
            argLists.add(args);
            kwLists.add(kwargs);
          } while (isOp("|"));
          expectEnd(p);
          List<Stmt> body = block(List.of("endfilter"));
          closeBlock("endfilter");
          return (c, o) -> {
            StringBuilder b = new StringBuilder();
            body.forEach(s -> s.exec(c, b));
            Object v = b.toString();
            for (int i = 0; i < names.size(); i++) {
              v = Builtins.filter(names.get(i), v, evalAll(argLists.get(i), c), evalKw(kwLists.get(i), c), c, name);
            }
            o.append(str(v));
          };
        }
        case "generation": {
          expectEnd(p);
          List<Stmt> body = block(List.of("endgeneration"));
          closeBlock("endgeneration");
          return (c, o) -> body.forEach(s -> s.exec(c, o));
        }
        case "break":
          expectEnd(p);
          return (c, o) -> {
            throw new BreakLoop();
          };
        case "continue":
          expectEnd(p);
          return (c, o) -> {
            throw new ContinueLoop();
          };
        default:
          throw error("unsupported statement {% " + p.text.trim() + " %}");
      }
    }

    private Stmt ifStmt(Piece p) {
      List<Expr> conds = new ArrayList<>();
      List<List<Stmt>> bodies = new ArrayList<>();
      conds.add(expr());
      expectEnd(p);
      while (true) {
        bodies.add(block(List.of("elif", "else", "endif")));
        Piece q = pieces.get(pos);
        start(q.text);
        String kw = next().text;
        pos++;
        if (kw.equals("elif")) {
          conds.add(expr());
          expectEnd(q);
        } else if (kw.equals("else")) {
          expectEnd(q);
          conds.add(c -> true);
        } else {
          expectEnd(q);
          break;
        }
      }
      return (c, o) -> {
        for (int i = 0; i < conds.size(); i++) {
          if (truthy(conds.get(i).eval(c))) {
            for (Stmt s : bodies.get(i)) {
              s.exec(c, o);
            }
            return;
          }
        }
      };
    }

    private Stmt forStmt(Piece p) {
      List<String> targets = new ArrayList<>();
      targets.add(nameTok());
      while (peek().text.equals(",")) {
        tp++;
        targets.add(nameTok());
      }
      if (!next().text.equals("in")) {
        throw error("expected 'in' in {% " + p.text.trim() + " %}");
      }
      Expr iter = orExpr();
      Expr filter = null;
      if (peek().type == T.NAME && peek().text.equals("if")) {
        tp++;
        filter = expr();
      }
      expectEnd(p);
      List<Stmt> body = block(List.of("else", "endfor"));
      List<Stmt> elseBody = List.of();
      Piece q = pieces.get(pos);
      start(q.text);
      String kw = next().text;
      pos++;
      if (kw.equals("else")) {
        elseBody = block(List.of("endfor"));
        pos++;
      }
      final Expr cond = filter;
      final List<Stmt> orElse = elseBody;
      return (c, o) -> {
        List<Object> items = new ArrayList<>();
        for (Object x : iterate(iter.eval(c))) {
          if (cond != null) {
            c.scopes.add(new HashMap<>());
            bind(c, targets, x);
            boolean keep = truthy(cond.eval(c));
            c.scopes.remove(c.scopes.size() - 1);
            if (!keep) {
              continue;
            }
          }
          items.add(x);
        }
        if (items.isEmpty()) {
          for (Stmt s : orElse) {
            s.exec(c, o);
          }
          return;
        }
        int n = items.size();
        for (int i = 0; i < n; i++) {
          Map<String, Object> scope = new HashMap<>();
          Map<String, Object> loop = new HashMap<>();
          loop.put("index0", (long) i);
          loop.put("index", (long) i + 1);
          loop.put("revindex0", (long) (n - i - 1));
          loop.put("revindex", (long) (n - i));
          loop.put("first", i == 0);
          loop.put("last", i == n - 1);
          loop.put("length", (long) n);
          loop.put("previtem", i > 0 ? items.get(i - 1) : UNDEFINED);
          loop.put("nextitem", i < n - 1 ? items.get(i + 1) : UNDEFINED);
          scope.put("loop", loop);
          c.scopes.add(scope);
          try {
            bind(c, targets, items.get(i));
            for (Stmt s : body) {
              s.exec(c, o);
            }
          } catch (ContinueLoop e) {
            // next item
          } catch (BreakLoop e) {
            break;
          } finally {
            c.scopes.remove(c.scopes.size() - 1);
          }
        }
      };
    }

    private void bind(Ctx c, List<String> targets, Object x) {
      if (targets.size() == 1) {
        c.set(targets.get(0), x);
        return;
      }
      List<Object> parts = iterate(x);
      if (parts.size() != targets.size()) {
        throw error("cannot unpack " + parts.size() + " values into " + targets);
      }
      for (int i = 0; i < targets.size(); i++) {
        c.set(targets.get(i), parts.get(i));
      }
    }

    private Stmt setStmt(Piece p) {
      String target = nameTok();
      String attr = null;
      List<String> more = new ArrayList<>();
      if (peek().text.equals(".")) {
        tp++;
        attr = nameTok();
      }
      while (peek().text.equals(",")) {
        tp++;
        more.add(nameTok());
      }
      if (peek().type == T.END && more.isEmpty()) {
        // Block set: the rendered body becomes the value.
        List<Stmt> body = block(List.of("endset"));
        closeBlock("endset");
        final String blockAttr = attr;
        return (c, o) -> {
          StringBuilder b = new StringBuilder();
          body.forEach(s -> s.exec(c, b));
          assign(c, target, blockAttr, b.toString());
        };
      }
      if (!next().text.equals("=")) {
        throw error("expected '=' in {% " + p.text.trim() + " %}");
      }
      Expr value = expr();
      expectEnd(p);
      final String a = attr;
      if (!more.isEmpty()) {
        List<String> all = new ArrayList<>();
        all.add(target);
        all.addAll(more);
        return (c, o) -> bind(c, all, value.eval(c));
      }
      return (c, o) -> assign(c, target, a, value.eval(c));
    }

    private void assign(Ctx c, String target, String attr, Object v) {
      if (attr == null) {
        c.set(target, v);
        return;
      }
      Object ns = c.lookup(target);
      if (!(ns instanceof Namespace)) {
        throw error("cannot set attribute " + attr + " of " + target + ", which is not a namespace()");
      }
      ((Namespace) ns).put(attr, v);
    }

    /** Consumes the {@code {% end… %}} piece that {@link #block} stopped at. */
    private void closeBlock(String end) {
      Piece q = pieces.get(pos);
      start(q.text);
      next();
      expectEnd(q);
      pos++;
    }

    /** {@code (a, b=default, …)} after a macro or call: names and default expressions (null: none). */
    private void params(List<String> names, List<Expr> defaults) {
      expect("(");
      while (!isOp(")")) {
        names.add(nameTok());
        if (isOp("=")) {
          tp++;
          defaults.add(expr());
        } else {
          defaults.add(null);
        }
        if (!isOp(")")) {
          expect(",");
        }
      }
      tp++;
    }

    private Stmt macroStmt(Piece p) {
      String macro = nameTok();
      List<String> names = new ArrayList<>();
      List<Expr> defaults = new ArrayList<>();
      params(names, defaults);
      expectEnd(p);
      List<Stmt> body = block(List.of("endmacro"));
      closeBlock("endmacro");
      return (c, o) -> {
        Map<String, Object> home = c.scopes.get(c.scopes.size() - 1);
        Fn[] self = new Fn[1];
        self[0] = (args, kw) -> {
          // A macro sees the template's globals and top-level names, its own arguments, and itself.
          List<Map<String, Object>> saved = new ArrayList<>(c.scopes);
          Map<String, Object> scope = new HashMap<>();
          c.scopes.clear();
          c.scopes.add(saved.get(0));
          c.scopes.add(saved.get(1));
          if (home != saved.get(1) && home != saved.get(0)) {
            c.scopes.add(home);
          }
          c.scopes.add(scope);
          try {
            scope.put(macro, self[0]);
            Map<String, Object> extraKw = new LinkedHashMap<>(kw);
            Object caller = extraKw.remove("caller");
            if (caller != null) {
              scope.put("caller", caller);
            }
            for (int i = 0; i < names.size(); i++) {
              String n = names.get(i);
              if (i < args.size()) {
                scope.put(n, args.get(i));
              } else if (extraKw.containsKey(n)) {
                scope.put(n, extraKw.remove(n));
              } else if (defaults.get(i) != null) {
                scope.put(n, defaults.get(i).eval(c));
              } else {
                scope.put(n, UNDEFINED);
              }
            }
            scope.put("varargs", args.size() > names.size()
                ? new ArrayList<>(args.subList(names.size(), args.size())) : new ArrayList<>());
            scope.put("kwargs", extraKw);
            StringBuilder b = new StringBuilder();
            for (Stmt s : body) {
              s.exec(c, b);
            }
            return b.toString();
          } finally {
            c.scopes.clear();
            c.scopes.addAll(saved);
          }
        };
        c.set(macro, self[0]);
      };
    }

    private Stmt callStmt(Piece p) {
      List<String> names = new ArrayList<>();
      List<Expr> defaults = new ArrayList<>();
      if (isOp("(")) {
        params(names, defaults);
      }
      // The called expression: a name with attribute steps, then the argument list, then the end of the tag.
      Tok first = next();
      if (first.type != T.NAME) {
        throw error("expected a macro call in {% " + p.text.trim() + " %}");
      }
      String root = first.text;
      List<String> attrs = new ArrayList<>();
      while (isOp(".")) {
        tp++;
        attrs.add(nameTok());
      }
      if (!isOp("(")) {
        throw error("expected a macro call in {% " + p.text.trim() + " %}");
      }
      tp++;
      List<Expr> args = new ArrayList<>();
      Map<String, Expr> kwargs = new LinkedHashMap<>();
      callArgs(args, kwargs);
      expectEnd(p);
      List<Stmt> body = block(List.of("endcall"));
      closeBlock("endcall");
      return (c, o) -> {
        List<Map<String, Object>> site = new ArrayList<>(c.scopes);
        Fn caller = (a, k) -> {
          List<Map<String, Object>> saved = new ArrayList<>(c.scopes);
          Map<String, Object> scope = new HashMap<>();
          c.scopes.clear();
          c.scopes.addAll(site);
          c.scopes.add(scope);
          try {
            for (int i = 0; i < names.size(); i++) {
              String n = names.get(i);
              scope.put(n, i < a.size() ? a.get(i) : k.containsKey(n) ? k.get(n)
                  : defaults.get(i) != null ? defaults.get(i).eval(c) : UNDEFINED);
            }
            StringBuilder b = new StringBuilder();
            for (Stmt s : body) {
              s.exec(c, b);
            }
            return b.toString();
          } finally {
            c.scopes.clear();
            c.scopes.addAll(saved);
          }
        };
        Object callee = c.lookup(root);
        for (String at : attrs) {
          callee = getAttr(callee, at, name);
        }
        Map<String, Object> kw = evalKw(kwargs, c);
        kw.put("caller", caller);
        o.append(str(call(callee, evalAll(args, c), kw, name)));
      };
    }

    // ---------------------------------------------------------------------------------------------- expressions
    void start(String src) {
      toks = tokenize(src, name);
      tp = 0;
    }

    Tok peek() {
      return toks.get(tp);
    }

    Tok next() {
      return toks.get(tp++);
    }

    boolean isOp(String op) {
      return peek().type == T.OP && peek().text.equals(op);
    }

    boolean isName(String n) {
      return peek().type == T.NAME && peek().text.equals(n);
    }

    void expect(String op) {
      Tok t = next();
      if (!t.text.equals(op) || t.type == T.STR) {
        throw error("expected '" + op + "' but found '" + t.text + "'");
      }
    }

    String nameTok() {
      Tok t = next();
      if (t.type != T.NAME) {
        throw error("expected a name, found '" + t.text + "'");
      }
      return t.text;
    }

    void expectEnd(Piece p) {
      if (peek().type != T.END) {
        throw error("unexpected '" + peek().text + "' in " + p.text.trim());
      }
    }

    Expr expr() {
      Expr e = orExpr();
      if (isName("if")) {
        tp++;
        Expr cond = orExpr();
        Expr other = null;
        if (isName("else")) {
          tp++;
          other = expr();
        }
        Expr alt = other;
        Expr then = e;
        return c -> truthy(cond.eval(c)) ? then.eval(c) : alt == null ? UNDEFINED : alt.eval(c);
      }
      return e;
    }

    Expr orExpr() {
      Expr l = andExpr();
      while (isName("or")) {
        tp++;
        Expr a = l;
        Expr b = andExpr();
        l = c -> {
          Object x = a.eval(c);
          return truthy(x) ? x : b.eval(c);
        };
      }
      return l;
    }

    Expr andExpr() {
      Expr l = notExpr();
      while (isName("and")) {
        tp++;
        Expr a = l;
        Expr b = notExpr();
        l = c -> {
          Object x = a.eval(c);
          return !truthy(x) ? x : b.eval(c);
        };
      }
      return l;
    }

    Expr notExpr() {
      if (isName("not")) {
        tp++;
        Expr e = notExpr();
        return c -> !truthy(e.eval(c));
      }
      return compare();
    }

    Expr compare() {
      Expr l = concat();
      while (true) {
        String op;
        if (peek().type == T.OP && List.of("==", "!=", "<", ">", "<=", ">=").contains(peek().text)) {
          op = next().text;
        } else if (isName("in")) {
          tp++;
          op = "in";
        } else if (isName("not") && toks.get(tp + 1).text.equals("in")) {
          tp += 2;
          op = "not in";
        } else {
          return l;
        }
        Expr a = l;
        Expr b = concat();
        String o = op;
        l = c -> compareOp(o, a.eval(c), b.eval(c));
      }
    }

    Expr concat() {
      Expr l = add();
      while (isOp("~")) {
        tp++;
        Expr a = l;
        Expr b = add();
        l = c -> str(a.eval(c)) + str(b.eval(c));
      }
      return l;
    }

    Expr add() {
      Expr l = mul();
      while (isOp("+") || isOp("-")) {
        String op = next().text;
        Expr a = l;
        Expr b = mul();
        l = c -> arith(op, a.eval(c), b.eval(c));
      }
      return l;
    }

    Expr mul() {
      Expr l = pow();
      while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
        String op = next().text;
        Expr a = l;
        Expr b = pow();
        l = c -> arith(op, a.eval(c), b.eval(c));
      }
      return l;
    }

    Expr pow() {
      Expr l = unary();
      while (isOp("**")) {
        tp++;
        Expr a = l;
        Expr b = unary();
        l = c -> arith("**", a.eval(c), b.eval(c));
      }
      return l;
    }

    Expr unary() {
      if (isOp("-")) {
        tp++;
        Expr e = unary();
        return c -> arith("-", 0L, e.eval(c));
      }
      if (isOp("+")) {
        tp++;
        return unary();
      }
      return filters(postfix(primary()));
    }

    Expr primary() {
      Tok t = next();
      switch (t.type) {
        case STR: {
          StringBuilder b = new StringBuilder(t.text);
          while (peek().type == T.STR) {
            b.append(next().text);
          }
          String v = b.toString();
          return c -> v;
        }
        case INT: {
          long v = Long.parseLong(t.text);
          return c -> v;
        }
        case FLOAT: {
          double v = Double.parseDouble(t.text);
          return c -> v;
        }
        case NAME:
          switch (t.text) {
            case "true":
            case "True":
              return c -> true;
            case "false":
            case "False":
              return c -> false;
            case "none":
            case "None":
              return c -> null;
            default:
              String n = t.text;
              return c -> c.lookup(n);
          }
        case OP:
          if (t.text.equals("(")) {
            if (isOp(")")) {
              tp++;
              return c -> new ArrayList<>();
            }
            Expr e = expr();
            if (isOp(",")) {
              List<Expr> items = new ArrayList<>(List.of(e));
              while (isOp(",")) {
                tp++;
                if (isOp(")")) {
                  break;
                }
                items.add(expr());
              }
              expect(")");
              return c -> new Tuple(evalAll(items, c));
            }
            expect(")");
            return e;
          }
          if (t.text.equals("[")) {
            List<Expr> items = new ArrayList<>();
            while (!isOp("]")) {
              items.add(expr());
              if (!isOp("]")) {
                expect(",");
              }
            }
            tp++;
            return c -> evalAll(items, c);
          }
          if (t.text.equals("{")) {
            List<Expr[]> kv = new ArrayList<>();
            while (!isOp("}")) {
              Expr k = expr();
              expect(":");
              kv.add(new Expr[] {k, expr()});
              if (!isOp("}")) {
                expect(",");
              }
            }
            tp++;
            return c -> {
              // Keys keep their type, as in Python ({0: 'a'} has the integer key 0).
              Map<Object, Object> m = new LinkedHashMap<>();
              for (Expr[] e : kv) {
                m.put(e[0].eval(c), e[1].eval(c));
              }
              return m;
            };
          }
          break;
        default:
          break;
      }
      throw error("unexpected '" + t.text + "'");
    }

    Expr postfix(Expr e) {
      while (true) {
        if (isOp(".")) {
          tp++;
          String attr = nameTok();
          Expr recv = e;
          e = c -> getAttr(recv.eval(c), attr, name);
        } else if (isOp("[")) {
          tp++;
          Expr[] parts = new Expr[3];
          boolean slice = false;
          int idx = 0;
          while (!isOp("]")) {
            if (isOp(":")) {
              tp++;
              slice = true;
              idx++;
              continue;
            }
            parts[idx] = expr();
          }
          tp++;
          Expr recv = e;
          if (slice) {
            e = c -> slice(recv.eval(c), parts[0] == null ? null : parts[0].eval(c),
                parts[1] == null ? null : parts[1].eval(c), parts[2] == null ? null : parts[2].eval(c));
          } else {
            Expr key = parts[0];
            e = c -> getItem(recv.eval(c), key.eval(c), name);
          }
        } else if (isOp("(")) {
          tp++;
          List<Expr> args = new ArrayList<>();
          Map<String, Expr> kwargs = new LinkedHashMap<>();
          callArgs(args, kwargs);
          Expr callee = e;
          e = c -> call(callee.eval(c), evalAll(args, c), evalKw(kwargs, c), name);
        } else {
          return e;
        }
      }
    }

    void callArgs(List<Expr> args, Map<String, Expr> kwargs) {
      while (!isOp(")")) {
        if (peek().type == T.NAME && toks.get(tp + 1).text.equals("=") && toks.get(tp + 1).type == T.OP) {
          String k = next().text;
          tp++;
          kwargs.put(k, expr());
        } else {
          args.add(expr());
        }
        if (!isOp(")")) {
          expect(",");
        }
      }
      tp++;
    }

    Expr filters(Expr e) {
      while (true) {
        if (isOp("|")) {
          tp++;
          String f = nameTok();
          List<Expr> args = new ArrayList<>();
          Map<String, Expr> kwargs = new LinkedHashMap<>();
          if (isOp("(")) {
            tp++;
            callArgs(args, kwargs);
          }
          Expr recv = e;
          e = c -> Builtins.filter(f, recv.eval(c), evalAll(args, c), evalKw(kwargs, c), c, name);
        } else if (isName("is")) {
          tp++;
          boolean negate = false;
          if (isName("not")) {
            tp++;
            negate = true;
          }
          String test = nameTok();
          List<Expr> args = new ArrayList<>();
          if (isOp("(")) {
            tp++;
            callArgs(args, new LinkedHashMap<>());
          } else if (peek().type == T.STR || peek().type == T.INT || peek().type == T.FLOAT
              || (peek().type == T.NAME && !List.of("and", "or", "else", "if", "is", "not", "in").contains(peek().text))) {
            args.add(postfix(primary()));
          }
          Expr recv = e;
          boolean neg = negate;
          e = c -> neg != Builtins.test(test, recv.eval(c), evalAll(args, c), name);
        } else {
          return e;
        }
      }
    }
  }

  private static List<Object> evalAll(List<Expr> items, Ctx c) {
    List<Object> out = new ArrayList<>(items.size());
    for (Expr e : items) {
      out.add(e.eval(c));
    }
    return out;
  }

  private static Map<String, Object> evalKw(Map<String, Expr> kw, Ctx c) {
    Map<String, Object> out = new LinkedHashMap<>();
    kw.forEach((k, v) -> out.put(k, v.eval(c)));
    return out;
  }

  // ------------------------------------------------------------------------------------------------ semantics
  static boolean truthy(Object v) {
    if (v == null || v == UNDEFINED) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** Python's {@code str()} of a value as Jinja prints it. */
  static String str(Object v) {
    if (v == UNDEFINED) {
      return "";
    }
    if (v instanceof String s) {
      return s;
    }
    return repr(v);
  }

  static String repr(Object v) {
    if (v == null) {
      return "None";
    }
    if (v == UNDEFINED) {
      return "";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double d) {
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e16) {
        return String.format(Locale.ROOT, "%.1f", d);
      }
      return Double.toString(d);
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    if (v instanceof String s) {
      return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object x : l) {
        parts.add(repr(x));
      }
      if (v instanceof Tuple) {
        return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(repr(k) + ": " + repr(x)));
      return "{" + String.join(", ", parts) + "}";
    }
    return v.toString();
  }

  static List<Object> iterate(Object v) {
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    if (v instanceof Map<?, ?> m) {
      return new ArrayList<>(m.keySet());
    }
    if (v instanceof String s) {
      List<Object> out = new ArrayList<>();
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
      return out;
    }
    if (v == UNDEFINED || v == null) {
      if (v == null) {
        throw new IllegalArgumentException("'NoneType' object is not iterable");
      }
      return new ArrayList<>();
    }
    throw new IllegalArgumentException("cannot iterate over " + repr(v));
  }

  static Number num(Object v) {
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof Number n) {
      return n;
    }
    throw new IllegalArgumentException("expected a number, got " + repr(v));
  }

  private static boolean isInt(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Boolean;
  }

  static Object arith(String op, Object a, Object b) {
    if (a == UNDEFINED || b == UNDEFINED) {
      throw new IllegalArgumentException("an undefined value was used in '" + op + "'");
    }
    if (op.equals("+")) {
      if (a instanceof String x && b instanceof String y) {
        return x + y;
      }
      if (a instanceof List<?> x && b instanceof List<?> y) {
        List<Object> out = new ArrayList<>(x);
        out.addAll(y);
        return out;
      }
    }
    if (op.equals("*") && a instanceof String s && isInt(b)) {
      return s.repeat((int) Math.max(0, num(b).longValue()));
    }
    if (op.equals("%") && a instanceof String fmt) {
      return PyFormat.format(fmt, b);
    }
    Number x = num(a);
    Number y = num(b);
    boolean ints = isInt(a) && isInt(b);
    switch (op) {
      case "+":
        return ints ? (Object) (x.longValue() + y.longValue()) : (Object) (x.doubleValue() + y.doubleValue());
      case "-":
        return ints ? (Object) (x.longValue() - y.longValue()) : (Object) (x.doubleValue() - y.doubleValue());
      case "*":
        return ints ? (Object) (x.longValue() * y.longValue()) : (Object) (x.doubleValue() * y.doubleValue());
      case "/":
        return x.doubleValue() / y.doubleValue();
      case "//":
        return ints ? (Object) Math.floorDiv(x.longValue(), y.longValue())
            : (Object) Math.floor(x.doubleValue() / y.doubleValue());
      case "%":
        return ints ? (Object) Math.floorMod(x.longValue(), y.longValue())
            : (Object) (x.doubleValue() - Math.floor(x.doubleValue() / y.doubleValue()) * y.doubleValue());
      case "**":
        return ints && y.longValue() >= 0 ? (Object) (long) Math.pow(x.longValue(), y.longValue())
            : (Object) Math.pow(x.doubleValue(), y.doubleValue());
      default:
        throw new IllegalArgumentException("unknown operator " + op);
    }
  }

  static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
      return x.doubleValue() == y.doubleValue();
    }
    if (a == UNDEFINED || b == UNDEFINED) {
      return a == b;
    }
    return a == null ? b == null : a.equals(b);
  }

  static Object compareOp(String op, Object a, Object b) {
    switch (op) {
      case "==":
        return equal(a, b);
      case "!=":
        return !equal(a, b);
      case "in":
        return contains(b, a);
      case "not in":
        return !contains(b, a);
      default:
        int c;
        if (a instanceof String x && b instanceof String y) {
          c = x.compareTo(y);
        } else {
          c = Double.compare(num(a).doubleValue(), num(b).doubleValue());
        }
        switch (op) {
          case "<":
            return c < 0;
          case ">":
            return c > 0;
          case "<=":
            return c <= 0;
          default:
            return c >= 0;
        }
    }
  }

  static boolean contains(Object container, Object item) {
    if (container instanceof String s) {
      return s.contains(str(item));
    }
    if (container instanceof Map<?, ?> m) {
      return m.containsKey(item) || m.containsKey(item instanceof String ? item : str(item));
    }
    if (container instanceof List<?> l) {
      for (Object x : l) {
        if (equal(x, item)) {
          return true;
        }
      }
      return false;
    }
    if (container == UNDEFINED) {
      throw new IllegalArgumentException("'in' on an undefined value");
    }
    throw new IllegalArgumentException("argument of type " + repr(container) + " is not iterable");
  }

  static Object getAttr(Object recv, String attr, String name) {
    if (recv == UNDEFINED) {
      throw new IllegalArgumentException("Chat template " + name + ": reading '" + attr + "' of an undefined value");
    }
    if (recv == null) {
      throw new IllegalArgumentException("Chat template " + name + ": reading '" + attr + "' of none");
    }
    if (recv instanceof Map<?, ?> m && m.containsKey(attr)) {
      return m.get(attr);
    }
    if (recv instanceof String str && attr.equals("format")) {
      return (Fn) (a, k) -> Builtins.strFormat(str, a, k, name);
    }
    if (Builtins.hasMethod(recv, attr)) {
      return (Fn) (a, k) -> Builtins.method(recv, attr, a, name);
    }
    return UNDEFINED;
  }

  static Object getItem(Object recv, Object key, String name) {
    if (recv == UNDEFINED) {
      throw new IllegalArgumentException("Chat template " + name + ": reading [" + repr(key) + "] of an undefined value");
    }
    if (recv instanceof Map<?, ?> m) {
      if (m.containsKey(key)) {
        return m.get(key);
      }
      Object k = key instanceof String ? key : str(key);
      return m.containsKey(k) ? m.get(k) : UNDEFINED;
    }
    if ((recv instanceof List<?> || recv instanceof String) && key instanceof Number n) {
      List<Object> l = recv instanceof List<?> ? new ArrayList<>((List<?>) recv) : iterate(recv);
      long i = n.longValue();
      if (i < 0) {
        i += l.size();
      }
      return i >= 0 && i < l.size() ? l.get((int) i) : UNDEFINED;
    }
    if (key instanceof String s) {
      return getAttr(recv, s, name);
    }
    return UNDEFINED;
  }

  static Object slice(Object recv, Object start, Object stop, Object step) {
    List<Object> l = iterate(recv);
    int n = l.size();
    int st = step == null ? 1 : num(step).intValue();
    if (st == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    int a;
    int b;
    if (st > 0) {
      a = start == null ? 0 : clampIndex(num(start).intValue(), n, 0, n);
      b = stop == null ? n : clampIndex(num(stop).intValue(), n, 0, n);
    } else {
      a = start == null ? n - 1 : clampIndex(num(start).intValue(), n, -1, n - 1);
      b = stop == null ? -1 : clampIndex(num(stop).intValue(), n, -1, n - 1);
    }
    List<Object> out = new ArrayList<>();
    for (int i = a; st > 0 ? i < b : i > b; i += st) {
      out.add(l.get(i));
    }
    if (recv instanceof String) {
      StringBuilder sb = new StringBuilder();
      out.forEach(x -> sb.append((String) x));
      return sb.toString();
    }
    return out;
  }

  private static int clampIndex(int i, int n, int lo, int hi) {
    if (i < 0) {
      i += n;
    }
    return Math.max(lo, Math.min(hi, i));
  }

  static Object call(Object callee, List<Object> args, Map<String, Object> kwargs, String name) {
    if (callee instanceof Fn f) {
      return f.call(args, kwargs);
    }
    throw new IllegalArgumentException("Chat template " + name + ": " + repr(callee) + " is not callable");
  }

  /** Python's {@code strftime} for the directives templates use. */
  static String strftime(String fmt, LocalDateTime t) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fmt.length(); i++) {
      char ch = fmt.charAt(i);
      if (ch != '%' || i + 1 >= fmt.length()) {
        b.append(ch);
        continue;
      }
      char d = fmt.charAt(++i);
      switch (d) {
        case 'd': b.append(String.format(Locale.ROOT, "%02d", t.getDayOfMonth())); break;
        case 'm': b.append(String.format(Locale.ROOT, "%02d", t.getMonthValue())); break;
        case 'Y': b.append(t.getYear()); break;
        case 'y': b.append(String.format(Locale.ROOT, "%02d", t.getYear() % 100)); break;
        case 'H': b.append(String.format(Locale.ROOT, "%02d", t.getHour())); break;
        case 'M': b.append(String.format(Locale.ROOT, "%02d", t.getMinute())); break;
        case 'S': b.append(String.format(Locale.ROOT, "%02d", t.getSecond())); break;
        case 'b': b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
        case 'B': b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
        case 'a': b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH)); break;
        case 'A': b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)); break;
        case 'j': b.append(String.format(Locale.ROOT, "%03d", t.getDayOfYear())); break;
        case '%': b.append('%'); break;
        default: b.append('%').append(d);
      }
    }
    return b.toString();
  }
}
