/*
 * Flatworld's binding generator: turns a small C declaration file of our own (typedefs and function
 * prototypes, see native/src/main/bindings/*.h) into a Java class with one FFM downcall per function,
 * in the shape jextract produces (per function: a holder class with DESC, ADDR and HANDLE, the
 * accessors name$descriptor(), name$handle(), name$address(), and a static method that invokes the
 * handle). jextract is not available on the build machines (neither in Debian nor on Maven Central),
 * so this generator is the pinned source of the checked-in bindings; NativeBindingsTest re-runs it and
 * compares its output with the checked-in files byte for byte.
 *
 * Usage (JDK >= 22 source launcher, no dependencies):
 *   java native/scripts/GenerateBindings.java OUT_SRC_DIR DECL.h [DECL.h ...]
 * Each DECL.h names its package, class and candidate library file names in "// @package",
 * "// @class" and "// @libraries" lines. Output: OUT_SRC_DIR/<package path>/<Class>.java.
 *
 * Supported C subset: "typedef <type> <Name>;", "<ret> <name>(<params>);" with types built from
 * int, unsigned int, long long, unsigned long long, size_t, float, double, void, pointers and the
 * typedef names declared earlier. Anything else is rejected with the line that could not be read.
 */

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class GenerateBindings {
    /** A C type reduced to what FFM needs: the layout constant and the Java carrier type. */
    private record Kind(String layout, String carrier) {}

    private static final Kind INT = new Kind("C_INT", "int");
    private static final Kind LONG = new Kind("C_LONG_LONG", "long");
    private static final Kind FLOAT = new Kind("C_FLOAT", "float");
    private static final Kind DOUBLE = new Kind("C_DOUBLE", "double");
    private static final Kind POINTER = new Kind("C_POINTER", "MemorySegment");
    private static final Kind VOID = new Kind(null, "void");

    private record Param(String cType, Kind kind, String name) {}

    private record Function(String cDecl, Kind ret, String name, List<Param> params) {}

    private static final Pattern TYPEDEF = Pattern.compile("typedef\\s+(.+?)\\s*(\\*?)\\s*(\\w+)");
    private static final Pattern FUNCTION = Pattern.compile("(.+?)\\s*(\\**)\\s*(\\w+)\\s*\\((.*)\\)");
    private static final Pattern PARAM = Pattern.compile("(.+?)\\s*(\\**)\\s*(\\w+)");

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java GenerateBindings.java OUT_SRC_DIR DECL.h [DECL.h ...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            Path decl = Path.of(args[i]);
            Path written = generate(decl, out);
            System.out.println("generated " + written);
        }
    }

    static Path generate(Path decl, Path outRoot) throws IOException {
        String pkg = null, cls = null;
        List<String> libraries = new ArrayList<>();
        Map<String, Kind> typedefs = new LinkedHashMap<>();
        List<Function> functions = new ArrayList<>();
        StringBuilder statement = new StringBuilder();
        int lineNo = 0;
        for (String raw : Files.readAllLines(decl, StandardCharsets.UTF_8)) {
            lineNo++;
            String line = raw.strip();
            if (line.startsWith("// @package ")) pkg = line.substring(12).strip();
            else if (line.startsWith("// @class ")) cls = line.substring(10).strip();
            else if (line.startsWith("// @libraries ")) libraries.addAll(List.of(line.substring(14).strip().split("\\s+")));
            int comment = line.indexOf("//");
            if (comment >= 0) line = line.substring(0, comment).strip();
            if (line.isEmpty()) continue;
            statement.append(statement.isEmpty() ? "" : " ").append(line);
            if (!line.endsWith(";")) continue;
            String s = statement.substring(0, statement.length() - 1).strip().replaceAll("\\s+", " ");
            statement.setLength(0);
            if (s.startsWith("typedef ")) {
                Matcher m = TYPEDEF.matcher(s);
                if (!m.matches()) throw fail(decl, lineNo, s);
                Kind k = m.group(2).isEmpty() ? resolve(m.group(1), typedefs, decl, lineNo) : POINTER;
                typedefs.put(m.group(3), k);
            } else {
                Matcher m = FUNCTION.matcher(s);
                if (!m.matches()) throw fail(decl, lineNo, s);
                Kind ret = m.group(2).isEmpty() ? resolve(m.group(1), typedefs, decl, lineNo) : POINTER;
                List<Param> params = new ArrayList<>();
                String plist = m.group(4).strip();
                if (!plist.equals("void") && !plist.isEmpty()) {
                    for (String p : plist.split(",")) {
                        Matcher pm = PARAM.matcher(p.strip());
                        if (!pm.matches()) throw fail(decl, lineNo, p);
                        Kind k = pm.group(2).isEmpty() ? resolve(pm.group(1), typedefs, decl, lineNo) : POINTER;
                        if (k == VOID) throw fail(decl, lineNo, p);
                        params.add(new Param(pm.group(1) + (pm.group(2).isEmpty() ? "" : " " + pm.group(2)), k, pm.group(3)));
                    }
                }
                functions.add(new Function(s, ret, m.group(3), params));
            }
        }
        if (pkg == null || cls == null || libraries.isEmpty())
            throw new IllegalArgumentException(decl + ": needs '// @package', '// @class' and '// @libraries' lines");
        Path file = outRoot.resolve(pkg.replace('.', '/')).resolve(cls + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(decl.getFileName().toString(), pkg, cls, libraries, functions), StandardCharsets.UTF_8);
        return file;
    }

    private static Kind resolve(String cType, Map<String, Kind> typedefs, Path decl, int lineNo) {
        String t = cType.replace("const ", "").strip();
        switch (t) {
            case "int", "unsigned int", "signed int", "unsigned" -> { return INT; }
            case "long long", "unsigned long long", "size_t" -> { return LONG; }
            case "float" -> { return FLOAT; }
            case "double" -> { return DOUBLE; }
            case "void" -> { return VOID; }
            default -> {
                Kind k = typedefs.get(t);
                if (k == null) throw fail(decl, lineNo, "unknown type '" + cType + "'");
                return k;
            }
        }
    }

    private static IllegalArgumentException fail(Path decl, int lineNo, String what) {
        return new IllegalArgumentException(decl + ":" + lineNo + ": cannot read: " + what);
    }

    private static String render(String declName, String pkg, String cls, List<String> libraries, List<Function> functions) {
        StringBuilder b = new StringBuilder();
        b.append("// Generated by native/scripts/GenerateBindings.java from native/src/main/bindings/").append(declName)
         .append(".\n// DO NOT EDIT: change the declaration file and run native/scripts/generate-bindings.sh.\n");
        b.append("package ").append(pkg).append(";\n\n");
        b.append("import java.lang.foreign.FunctionDescriptor;\n");
        b.append("import java.lang.foreign.Linker;\n");
        b.append("import java.lang.foreign.MemorySegment;\n");
        b.append("import java.lang.foreign.SymbolLookup;\n");
        b.append("import java.lang.foreign.ValueLayout;\n");
        b.append("import java.lang.invoke.MethodHandle;\n");
        b.append("import java.util.List;\n\n");
        b.append("/**\n * Downcalls into ").append(String.join(" / ", libraries))
         .append(" (generated, jextract-style: one holder class per function).\n")
         .append(" * The library is looked up on first use of a function, through\n")
         .append(" * {@link org.flatworld.cuda.NativeLibraries#lookup(List)}; callers check availability first.\n */\n");
        b.append("@SuppressWarnings(\"unused\")\n");
        b.append("public final class ").append(cls).append(" {\n");
        b.append("    private ").append(cls).append("() {}\n\n");
        b.append("    /** Library file names tried in order. */\n");
        b.append("    public static final List<String> LIBRARIES = List.of(");
        for (int i = 0; i < libraries.size(); i++) b.append(i == 0 ? "" : ", ").append('"').append(libraries.get(i)).append('"');
        b.append(");\n\n");
        b.append("    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;\n");
        b.append("    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;\n");
        b.append("    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;\n");
        b.append("    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;\n");
        b.append("    public static final ValueLayout C_POINTER = ValueLayout.ADDRESS;\n\n");
        b.append("    private static final class Lib {\n");
        b.append("        static final SymbolLookup SYMBOLS = org.flatworld.cuda.NativeLibraries.lookup(LIBRARIES);\n");
        b.append("    }\n\n");
        b.append("    static MemorySegment findOrThrow(String symbol) {\n");
        b.append("        return Lib.SYMBOLS.find(symbol)\n");
        b.append("                .orElseThrow(() -> new UnsatisfiedLinkError(\"unresolved symbol: \" + symbol));\n");
        b.append("    }\n");
        for (Function f : functions) renderFunction(b, cls, f);
        b.append("}\n");
        return b.toString();
    }

    private static void renderFunction(StringBuilder b, String cls, Function f) {
        String n = f.name();
        b.append("\n    private static final class ").append(n).append(" {\n");
        b.append("        static final FunctionDescriptor DESC = FunctionDescriptor.");
        b.append(f.ret() == VOID ? "ofVoid(" : "of(" + cls + "." + f.ret().layout());
        for (int i = 0; i < f.params().size(); i++) {
            b.append(i == 0 && f.ret() == VOID ? "" : ", ").append(cls).append('.').append(f.params().get(i).kind().layout());
        }
        b.append(");\n");
        b.append("        static final MemorySegment ADDR = ").append(cls).append(".findOrThrow(\"").append(n).append("\");\n");
        b.append("        static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);\n");
        b.append("    }\n\n");
        b.append("    public static FunctionDescriptor ").append(n).append("$descriptor() { return ").append(n).append(".DESC; }\n\n");
        b.append("    public static MethodHandle ").append(n).append("$handle() { return ").append(n).append(".HANDLE; }\n\n");
        b.append("    public static MemorySegment ").append(n).append("$address() { return ").append(n).append(".ADDR; }\n\n");
        b.append("    /** {@snippet lang=c : ").append(f.cDecl()).append(" } */\n");
        b.append("    public static ").append(f.ret().carrier()).append(' ').append(n).append('(');
        for (int i = 0; i < f.params().size(); i++) {
            Param p = f.params().get(i);
            b.append(i == 0 ? "" : ", ").append(p.kind().carrier()).append(' ').append(p.name());
        }
        b.append(") {\n");
        b.append("        var mh$ = ").append(n).append(".HANDLE;\n");
        b.append("        try {\n");
        b.append("            ");
        if (f.ret() != VOID) b.append("return (").append(f.ret().carrier()).append(") ");
        b.append("mh$.invokeExact(");
        for (int i = 0; i < f.params().size(); i++) b.append(i == 0 ? "" : ", ").append(f.params().get(i).name());
        b.append(");\n");
        b.append("        } catch (Error | RuntimeException ex) {\n");
        b.append("            throw ex;\n");
        b.append("        } catch (Throwable ex$) {\n");
        b.append("            throw new AssertionError(\"should not reach here\", ex$);\n");
        b.append("        }\n");
        b.append("    }\n");
    }
}
