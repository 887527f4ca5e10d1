package org.flatworld.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.List;

/**
 * Finds the shared libraries the generated bindings call into. The first candidate name that the
 * dynamic loader can open wins; the system property {@code flatworld.cuda.library.<first name>}
 * (e.g. {@code -Dflatworld.cuda.library.libcuda.so.1=/opt/driver/libcuda.so.1}) replaces the
 * candidate list with one path. Libraries stay loaded for the life of the process.
 */
public final class NativeLibraries {
    private NativeLibraries() {}

    /** The lookup of the first loadable candidate; {@link UnsupportedOperationException} naming all tried names otherwise. */
    public static SymbolLookup lookup(List<String> candidates) {
        List<String> names = candidates(candidates);
        StringBuilder tried = new StringBuilder();
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                if (!tried.isEmpty()) tried.append(", ");
                tried.append(name);
            }
        }
        throw new UnsupportedOperationException("cannot load " + tried + " (no CUDA driver/library on this machine)");
    }

    /** Null when {@link #lookup} would succeed, else the reason it would fail. */
    public static String problem(List<String> candidates) {
        try {
            lookup(candidates);
            return null;
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        }
    }

    private static List<String> candidates(List<String> candidates) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no library names given");
        String override = System.getProperty("flatworld.cuda.library." + candidates.getFirst());
        return override == null || override.isBlank() ? candidates : List.of(override);
    }
}
