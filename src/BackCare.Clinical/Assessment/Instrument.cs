using System.Collections.Immutable;

namespace BackCare.Clinical.Assessment;

public enum ScoringMethod
{
    /// <summary>Total of the item values.</summary>
    Sum,

    /// <summary>Mean of the item values, not rounded (PEG).</summary>
    Mean,

    /// <summary>Keele STarT Back: count of positive items with item 9 recoded, plus the psychosocial subscale.</summary>
    Startback,
}

/// <summary>One allowed answer: its score value, label and LOINC answer code where there is one.</summary>
public sealed record AnswerOption(int Value, string? Label, string? Loinc);

/// <summary>One question. <see cref="Text"/> is the publisher's wording where the licence allows it.</summary>
public sealed record InstrumentItem(int Number, string? Text, string Label, string? Loinc, ImmutableArray<AnswerOption> Answers)
{
    public int Min => Answers[0].Value;

    public int Max => Answers[^1].Value;

    public bool Allows(int value) => value >= Min && value <= Max;

    public string AllowedDescription => Answers.Length == 2 ? $"{Min} or {Max}" : $"{Min}-{Max}";
}

/// <summary>A score band with its plain-language meaning and sources.</summary>
public sealed record ScoreBand(string Band, int? Min, int? Max, BackCare.Clinical.Evidence.Statement Meaning);

public sealed record InstrumentLicence(bool ReproduceItems, string Notice);

/// <summary>LOINC codes for the panel and the total score, each with how far it was checked.</summary>
public sealed record InstrumentLoinc(string? Panel, string? PanelCheck, string? Total, string? TotalCheck);

/// <summary>STarT Back cut-offs (Hill 2008).</summary>
public sealed record StartBackThresholds(int SubscaleHighAtLeast, int TotalMediumAtLeast);

/// <summary>A validated questionnaire, defined as data (data/instruments.yaml).</summary>
public sealed record Instrument(
    string Id,
    string Name,
    string RecallPeriod,
    ScoringMethod Scoring,
    InstrumentLoinc? Loinc,
    InstrumentLicence Licence,
    BackCare.Clinical.Evidence.Statement Description,
    ImmutableArray<InstrumentItem> Items,
    ImmutableArray<ScoreBand> Bands,
    int? SelfHarmItem,
    StartBackThresholds? Thresholds)
{
    public int MaxScore => Scoring == ScoringMethod.Startback ? Items.Length : Scoring == ScoringMethod.Mean ? Items.Max(i => i.Max) : Items.Sum(i => i.Max);

    public ScoreBand? Band(string band) => Bands.FirstOrDefault(b => b.Band == band);
}
