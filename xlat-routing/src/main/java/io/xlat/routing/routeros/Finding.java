package io.xlat.routing.routeros;

/**
 * Something a configuration lacks against a policy.
 *
 * @param line    1-based line of the export it concerns, or 0 when the problem is something missing from the
 *                whole file.
 * @param policy  the policy, e.g. {@code BgpFlapGuard}.
 * @param message what is wrong and what to do.
 */
public record Finding(int line, String policy, String message)
{
    @Override
    public String toString()
    {
        return (line > 0 ? "line " + line : "file") + ": [" + policy + "] " + message;
    }
}
