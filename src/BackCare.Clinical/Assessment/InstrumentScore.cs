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

/// <summary>An answer problem: which item, what was wrong, what is allowed.</summary>
public sealed record AnswerError(int? Item, string Message)
{
    public string Field => Item is null ? "answers" : $"answers[{Item}]";

    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Either a score or the answer errors that prevented scoring (never a partial score).</summary>
public sealed record ScoreOutcome(InstrumentScore? Score, ImmutableArray<AnswerError> Errors)
{
    public bool IsValid => Score is not null;
}
