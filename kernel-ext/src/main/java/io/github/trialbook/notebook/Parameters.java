package io.github.trialbook.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.trialbook.notebook.JavaLiteral.Kind;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Papermill's parameter injection for Java notebooks. Values arrive as text ({@code -p maxInputs
 * 500}) and must be Java literals, checked strictly:
 *
 * <ul>
 *   <li>{@code true}, {@code false}: a boolean;
 *   <li>decimal digits with an optional {@code -}: an int, or a long ({@code 5000000000} is written
 *       {@code 5000000000L}) when it does not fit an int; an {@code L} suffix makes a long; a
 *       leading zero (octal in Java), hex, binary and underscores are refused;
 *   <li>digits with a {@code .}, an exponent or a {@code d} suffix: a finite double;
 *       {@code f} (float) literals are refused;
 *   <li>{@code "..."}: a string literal with Java's escapes (a shell needs {@code '"runs/r1"'}); it is
 *       written again with its control characters escaped; text blocks and char literals are refused;
 *   <li>{@code List.of(...)}, {@code Set.of(...)}, {@code Map.of(...)} whose arguments are such literals
 *       (nested too); a duplicate {@code Set.of} element or {@code Map.of} key is refused, since Java
 *       would throw;
 *   <li>anything else (a variable, a call, an expression) is refused with a message.
 * </ul>
 *
 * <p>{@link #inject} reads the declarations of the cell tagged {@code parameters} ({@code int
 * maxInputs = 300;}, {@code String runDir = "runs/report";}, {@code var x = ...;}) and adds a code
 * cell tagged {@code injected-parameters} after it that declares each passed parameter again with
 * the declared type, converting where Java would not: an int for a {@code double} becomes
 * {@code 500.0}, for a {@code long} {@code 500L}, for a {@code float} {@code 500f};
 * {@code List<Double>} converts its elements the same way. A value of the wrong kind (a string for
 * an int) is a {@link NotebookException} naming the parameter, the declared type and the value. A
 * parameter the cell does not declare is a warning and is declared with {@code var}. Without a
 * parameters cell the new cell goes first, with a warning. As papermill does, an earlier
 * {@code injected-parameters} cell (an output notebook run again) is replaced where it stands, and
 * the values are recorded as JSON in the notebook's {@code metadata.papermill.parameters}.
 *
 * <pre>{@code
 * Notebook nb = Notebook.read(Path.of("notebooks/report.ipynb"));
 * Parameters params = Parameters.fromArgs(List.of("-p", "runDir", "\"runs/r1\"", "-p", "maxInputs", "500"));
 * Parameters.Injection injection = params.inject(nb);
 * injection.warnings().forEach(System.err::println);
 * nb.save(Path.of("out.ipynb"));   // cell 3: int maxInputs = 500; String runDir = "runs/r1";
 * }</pre>
 */
public final class Parameters {
  /** The tag of the cell whose declarations name the parameters. */
  public static final String PARAMETERS_TAG = "parameters";
  /** The tag of the cell {@link #inject} adds. */
  public static final String INJECTED_TAG = "injected-parameters";
  private static final Parameters NONE = new Parameters(new LinkedHashMap<>());
  private final Map<String, JavaLiteral> values;

  private Parameters(Map<String, JavaLiteral> values) {
    this.values = values;
  }

  /** No parameters. */
  public static Parameters none() {
    return NONE;
  }

  /**
   * These parameters and {@code name} with {@code value} (see the class comment for what a value
   * may be); a bad name, a bad value or a name given twice is a {@link NotebookException}.
   */
  public Parameters with(String name, String value) {
    if (!DeclarationScanner.isIdentifier(name) || name.equals("var")) {
      throw new NotebookException("-p " + name + ": a parameter name is a Java identifier such as maxInputs");
    }
    if (values.containsKey(name)) {
      throw new NotebookException("-p " + name + ": given twice");
    }
    JavaLiteral literal;
    try {
      literal = JavaLiteral.parse(value);
    } catch (IllegalArgumentException e) {
      throw new NotebookException("-p " + name + ": " + e.getMessage());
    }
    Map<String, JavaLiteral> more = new LinkedHashMap<>(values);
    more.put(name, literal);
    return new Parameters(more);
  }

  /**
   * Parameters from command-line words, each {@code -p NAME VALUE} (or {@code --parameters NAME
   * VALUE}); any other word is a {@link NotebookException}, so the caller takes its own options out
   * first.
   */
  public static Parameters fromArgs(List<String> args) {
    Parameters p = none();
    for (int i = 0; i < args.size(); i += 3) {
      String flag = args.get(i);
      if (!flag.equals("-p") && !flag.equals("--parameters")) {
        throw new NotebookException("expected -p NAME VALUE, got '" + flag + "'");
      }
      if (i + 2 >= args.size()) {
        throw new NotebookException(flag + " needs a name and a value: -p maxInputs 500");
      }
      p = p.with(args.get(i + 1), args.get(i + 2));
    }
    return p;
  }

  /** The parameter names, in the order given. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** Whether there are no parameters. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The Java source of {@code name}'s value before any conversion ({@code 5000000000L}), or null. */
  public String literal(String name) {
    JavaLiteral l = values.get(name);
    return l == null ? null : l.java();
  }

  /** All values as papermill records them: an object of JSON values, in the order given. */
  public ObjectNode toJson() {
    ObjectNode o = NbJson.NODES.objectNode();
    values.forEach((k, v) -> o.set(k, v.json().deepCopy()));
    return o;
  }

  /** A declaration of the parameters cell: {@code type} as written ({@code var} too), its initializer or null. */
  public record Declaration(String type, String name, String initializer) {}

  /**
   * What {@link #inject} did: the index of the injected cell (-1 when there were no parameters and
   * nothing was injected), its source, and the warnings to show.
   */
  public record Injection(int cellIndex, String source, List<String> warnings) {
    public Injection {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Injects the parameters into {@code nb} (see the class comment) and records them in
   * {@code metadata.papermill.parameters}; on a {@link NotebookException} the notebook is left as it
   * was. With no parameters nothing is injected (an earlier
   * injected cell stays, as with papermill) and an empty object is recorded.
   */
  public Injection inject(Notebook nb) {
    if (values.isEmpty()) {
      nb.papermillMetadata().set("parameters", toJson());
      return new Injection(-1, null, List.of());
    }
    List<String> warnings = new ArrayList<>();
    int paramCell = nb.indexOfTag(PARAMETERS_TAG);
    Map<String, Declaration> declared = new LinkedHashMap<>();
    if (paramCell >= 0) {
      for (Declaration d : declarations(nb.cell(paramCell).source())) {
        declared.putIfAbsent(d.name(), d);
      }
    }
    StringBuilder source = new StringBuilder("// Parameters\n");
    for (Map.Entry<String, JavaLiteral> e : values.entrySet()) {
      Declaration d = declared.get(e.getKey());
      if (d == null && paramCell >= 0) {
        warnings.add("-p " + e.getKey() + ": the cell tagged parameters declares no " + e.getKey()
            + " (it declares " + (declared.isEmpty() ? "nothing" : String.join(", ", declared.keySet()))
            + "); injected as var " + e.getKey());
      }
      String type = d == null ? "var" : d.type();
      source.append(type).append(' ').append(e.getKey()).append(" = ")
          .append(convert(e.getKey(), type, e.getValue())).append(";\n");
    }
    String text = source.substring(0, source.length() - 1);
    nb.papermillMetadata().set("parameters", toJson()); // only once every value converted: an error changes nothing
    int at = nb.indexOfTag(INJECTED_TAG);
    if (at >= 0) {
      nb.remove(at);
      for (int i = nb.size() - 1; i >= at; i--) {
        if (nb.cell(i).hasTag(INJECTED_TAG)) {
          nb.remove(i);
        }
      }
    } else if (paramCell >= 0) {
      at = paramCell + 1;
    } else {
      at = 0;
    }
    if (paramCell < 0) {
      warnings.add(0, "the notebook has no cell tagged parameters; the parameters are injected in cell " + at
          + " and declared with var");
    }
    Cell cell = nb.insertCode(at, text);
    cell.setTags(List.of(INJECTED_TAG));
    return new Injection(at, text, warnings);
  }

  /** The Java source of {@code value} for a declaration of {@code type}; a mismatch names all three. */
  static String convert(String name, String type, JavaLiteral value) {
    String java = convertOrNull(type.strip(), value);
    if (java == null) {
      String base = baseName(type);
      if (!SUPPORTED.contains(base)) {
        throw new NotebookException("-p " + name + ": the cell tagged parameters declares " + type + " " + name
            + ", a type the runner cannot inject into; declare it as int, long, short, byte, double, float, "
            + "boolean, String, List, Set, Map (or their boxes), Object or var");
      }
      throw new NotebookException("-p " + name + ": the cell tagged parameters declares " + type + " " + name
          + ", but the value " + value.java() + " is " + value.kind().noun + describeRange(base, value));
    }
    return java;
  }

  private static final Set<String> SUPPORTED = Set.of("var", "Object", "int", "Integer", "long", "Long", "short",
      "Short", "byte", "Byte", "double", "Double", "float", "Float", "boolean", "Boolean", "String", "CharSequence",
      "List", "Set", "Map", "Collection", "Iterable");

  private static String describeRange(String base, JavaLiteral value) {
    return value.kind() == Kind.INT || value.kind() == Kind.LONG || value.kind() == Kind.DOUBLE
        ? switch (base) {
          case "int", "Integer", "short", "Short", "byte", "Byte" -> " (not within " + base + "'s range)";
          case "float", "Float" -> " (beyond a float's range)";
          default -> "";
        }
        : "";
  }

  private static String convertOrNull(String type, JavaLiteral v) {
    String base = baseName(type);
    if (type.endsWith("]")) {
      return null;
    }
    return switch (base) {
      case "var", "Object" -> v.java();
      case "int", "Integer" -> v.kind() == Kind.INT ? v.java() : null;
      case "short", "Short" -> v.kind() == Kind.INT && fits(v, 16) ? v.java() : null;
      case "byte", "Byte" -> v.kind() == Kind.INT && fits(v, 8) ? v.java() : null;
      case "long", "Long" -> v.kind() == Kind.INT || v.kind() == Kind.LONG ? v.number() + "L" : null;
      case "double", "Double" -> switch (v.kind()) {
        case INT, LONG -> v.number() + ".0";
        case DOUBLE -> v.java();
        default -> null;
      };
      case "float", "Float" -> (v.kind() == Kind.INT || v.kind() == Kind.LONG || v.kind() == Kind.DOUBLE)
          && Float.isFinite(Float.parseFloat(v.number())) ? v.number() + "f" : null;
      case "boolean", "Boolean" -> v.kind() == Kind.BOOLEAN ? v.java() : null;
      case "String", "CharSequence" -> v.kind() == Kind.STRING ? v.java() : null;
      case "List" -> v.kind() == Kind.LIST ? elements(type, v) : null;
      case "Set" -> v.kind() == Kind.SET ? elements(type, v) : null;
      case "Collection", "Iterable" -> v.kind() == Kind.LIST || v.kind() == Kind.SET ? elements(type, v) : null;
      case "Map" -> v.kind() == Kind.MAP ? elements(type, v) : null;
      default -> null;
    };
  }

  private static boolean fits(JavaLiteral v, int bits) {
    return new BigInteger(v.number()).bitLength() < bits;
  }

  /** A collection literal with its elements converted to the declared type arguments, when there are any. */
  private static String elements(String type, JavaLiteral v) {
    List<String> args = typeArguments(type);
    if (args.isEmpty()) {
      return v.java();
    }
    List<JavaLiteral> converted = new ArrayList<>();
    for (int i = 0; i < v.elements().size(); i++) {
      JavaLiteral e = v.elements().get(i);
      String argType = args.get(v.kind() == Kind.MAP && args.size() == 2 ? i % 2 : 0);
      if (argType.startsWith("?") || !SUPPORTED.contains(baseName(argType))) {
        converted.add(e);
        continue;
      }
      String java = convertOrNull(argType, e);
      if (java == null) {
        return null;
      }
      converted.add(new JavaLiteral(e.kind(), java, e.json(), e.number(), e.elements()));
    }
    return JavaLiteral.collection(v.kind(), converted).java();
  }

  /** {@code java.util.List<Double>} → {@code List}. */
  static String baseName(String type) {
    String t = type.strip();
    int lt = t.indexOf('<');
    String raw = (lt < 0 ? t : t.substring(0, lt)).strip();
    return raw.substring(raw.lastIndexOf('.') + 1);
  }

  /** The top-level type arguments: {@code Map<String, List<Integer>>} → {@code [String, List<Integer>]}. */
  static List<String> typeArguments(String type) {
    int lt = type.indexOf('<');
    int gt = type.lastIndexOf('>');
    if (lt < 0 || gt < lt) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    int depth = 0;
    int start = lt + 1;
    for (int i = lt + 1; i < gt; i++) {
      char c = type.charAt(i);
      if (c == '<') {
        depth++;
      } else if (c == '>') {
        depth--;
      } else if (c == ',' && depth == 0) {
        args.add(type.substring(start, i).strip());
        start = i + 1;
      }
    }
    args.add(type.substring(start, gt).strip());
    return args;
  }

  /**
   * The variable declarations among the top-level statements of {@code source} (a parameters cell):
   * {@code int a = 1, b = 2;} gives two; comments, strings and other statements are skipped.
   */
  public static List<Declaration> declarations(String source) {
    List<Declaration> out = new ArrayList<>();
    for (String statement : DeclarationScanner.statements(DeclarationScanner.withoutComments(source))) {
      out.addAll(DeclarationScanner.declaration(statement));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Parameters[");
    values.forEach((k, v) -> sb.append(sb.length() > 11 ? ", " : "").append(k).append('=').append(v.java()));
    return sb.append(']').toString();
  }

  /** The value of {@code name} as JSON, or null. */
  public JsonNode json(String name) {
    JavaLiteral l = values.get(name);
    return l == null ? null : l.json().deepCopy();
  }
}
