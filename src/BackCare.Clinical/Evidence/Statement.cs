using System.Collections.Immutable;

namespace BackCare.Clinical.Evidence;

/// <summary>How far a statement was confirmed against its sources.</summary>
public enum Confirmation
{
    /// <summary>Seen in the source, or in a faithful copy of it.</summary>
    Verified,

    /// <summary>The core fact was seen; some detail rests on a secondary source.</summary>
    Partial,

    /// <summary>Not confirmed; the wording must say so.</summary>
    Unverified,
}

/// <summary>What a statement rests on.</summary>
public enum StatementBasis
{
    /// <summary>A finding of the cited sources.</summary>
    Evidence,

    /// <summary>A rule the team chose (a threshold, a wording, a safety habit), with its rationale; any sources are context.</summary>
    DesignRule,
}

/// <summary>One clinical statement in BackCare's own words, with the sources that back it.</summary>
/// <param name="Text">Plain-language text.</param>
/// <param name="Sources">Ids of <see cref="Source"/> records; never empty for <see cref="StatementBasis.Evidence"/>.</param>
/// <param name="Status">How far it was confirmed.</param>
/// <param name="Basis">A finding of the sources, or the team's design rule.</param>
/// <param name="Rationale">Why the team chose a design rule (required for one).</param>
public sealed record Statement(string Text, ImmutableArray<string> Sources, Confirmation Status = Confirmation.Verified,
    StatementBasis Basis = StatementBasis.Evidence, string? Rationale = null);

/// <summary>A statement about how long a medicine is meant to be used.</summary>
public sealed record DurationStatement(Statement Statement, int? Weeks);
