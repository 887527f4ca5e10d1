package org.flatworld.task;

/** Human-readable names of colour and shape indices (used in formulas, renders and docs). */
public final class Vocabulary {
    public static final String[] COLOURS = {"red", "green", "blue", "yellow", "purple", "orange",
        "cyan", "white", "pink", "brown", "grey", "black"};
    public static final String[] SHAPES = {"square", "sphere", "triangle", "star", "cross", "ring", "hexagon", "diamond"};
    /** RGB of each colour for rendering. */
    public static final int[] RGB = {0xE53935, 0x43A047, 0x1E88E5, 0xFDD835, 0x8E24AA, 0xFB8C00,
        0x00ACC1, 0xEEEEEE, 0xF06292, 0x6D4C41, 0x9E9E9E, 0x212121};

    private Vocabulary() {}

    public static String colour(int c) { return c < 0 ? "any" : COLOURS[c]; }

    public static String shape(int s) { return s < 0 ? "object" : SHAPES[s]; }
}
