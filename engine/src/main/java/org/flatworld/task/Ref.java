package org.flatworld.task;

/**
 * A predicate argument: one player (absolute index), or every object matching a descriptor
 * (colour and/or shape; −1 = any), or every zone of a colour (−1 = any).
 */
public record Ref(Kind kind, int player, int colour, int shape) {
    public enum Kind { PLAYER, OBJECT, ZONE }

    public static Ref player(int p) { return new Ref(Kind.PLAYER, p, -1, -1); }

    public static Ref object(int colour, int shape) { return new Ref(Kind.OBJECT, -1, colour, shape); }

    public static Ref zone(int colour) { return new Ref(Kind.ZONE, -1, colour, -1); }

    /** Text from the point of view of player {@code owner}: "me", "player2", "yellow square", "any sphere", "red zone". */
    public String format(int owner) {
        return switch (kind) {
            case PLAYER -> player == owner ? "me" : "player" + player;
            case OBJECT -> Vocabulary.colour(colour) + " " + Vocabulary.shape(shape);
            case ZONE -> Vocabulary.colour(colour) + " zone";
        };
    }
}
