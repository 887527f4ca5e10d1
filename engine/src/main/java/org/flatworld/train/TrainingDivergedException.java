package org.flatworld.train;

/** A loss, gradient or dual variable became NaN or infinite; the last good checkpoint was saved. */
public final class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String message) { super(message); }
}
