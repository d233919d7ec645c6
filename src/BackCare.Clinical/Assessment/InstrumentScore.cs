using BackCare.Clinical.Common;
using System.Collections.Immutable;

namespace BackCare.Clinical.Assessment;

/// <summary>
/// The result of scoring one questionnaire. <see cref="Score"/> is the total (PEG: the mean, not
/// rounded). <see cref="SelfHarmRisk"/> is set for PHQ-9 whatever the total.
/// </summary>
public sealed record InstrumentScore(
    string Instrument,
    double Score,
    string? Band,
    int? PsychosocialScore,
    bool? SelfHarmRisk,
    ImmutableArray<int> Answers,
    string? Meaning,
    ImmutableArray<string> Sources);

/// <summary>Either a score or the answer errors that prevented scoring (never a partial score).</summary>
public sealed record ScoreOutcome(InstrumentScore? Score, ImmutableArray<ValidationError> Errors)
{
    public bool IsValid => Score is not null;
}
