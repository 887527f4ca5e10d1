package org.flatworld.cli;

/** A mistake in the user's input: the CLI prints the message as one line and exits 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) { super(message); }

    public UserError(String message, Throwable cause) { super(message, cause); }
}
