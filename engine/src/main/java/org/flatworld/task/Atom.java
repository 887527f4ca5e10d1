package org.flatworld.task;

/** One atomic predicate with its arguments and optional negation. */
public record Atom(Predicate type, boolean negated, Ref a, Ref b) {
    public Atom {
        boolean ok = switch (type) {
            case NEAR -> a.kind() != Ref.Kind.ZONE && b.kind() != Ref.Kind.ZONE;
            case HOLD -> a.kind() == Ref.Kind.PLAYER && b.kind() == Ref.Kind.OBJECT;
            case ON -> a.kind() != Ref.Kind.ZONE && b.kind() == Ref.Kind.ZONE;
            case SEE -> a.kind() == Ref.Kind.PLAYER && b.kind() != Ref.Kind.ZONE;
        };
        if (!ok) throw new IllegalArgumentException("invalid arguments for " + type.label() + ": " + a + ", " + b);
    }

    public Atom negate() { return new Atom(type, !negated, a, b); }

    public String format(int owner) {
        return (negated ? "¬" : "") + type.label() + "(" + a.format(owner) + ", " + b.format(owner) + ")";
    }
}
