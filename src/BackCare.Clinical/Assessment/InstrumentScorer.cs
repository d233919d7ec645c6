using BackCare.Clinical.Common;
using System.Collections.Immutable;

namespace BackCare.Clinical.Assessment;

/// <summary>
/// Scores a questionnaire from its item answers, by the published rules (see each instrument's
/// description and sources). Missing or out-of-range answers are errors naming the item and the
/// allowed values; nothing is ever scored from incomplete answers.
/// </summary>
public static class InstrumentScorer
{
    public static ScoreOutcome Score(Instrument instrument, ReadOnlySpan<int?> answers)
    {
        var errors = Validate(instrument, answers);
        if (!errors.IsEmpty) return new ScoreOutcome(null, errors);
        Span<int> values = stackalloc int[answers.Length];
        for (var i = 0; i < answers.Length; i++) values[i] = answers[i]!.Value;
        return new ScoreOutcome(ScoreValid(instrument, values), []);
    }

    public static ScoreOutcome Score(Instrument instrument, ReadOnlySpan<int> answers)
    {
        Span<int?> boxed = answers.Length <= 64 ? stackalloc int?[answers.Length] : new int?[answers.Length];
        for (var i = 0; i < answers.Length; i++) boxed[i] = answers[i];
        return Score(instrument, boxed);
    }

    private static ImmutableArray<ValidationError> Validate(Instrument instrument, ReadOnlySpan<int?> answers)
    {
        if (answers.Length != instrument.Items.Length)
        {
            return [new ValidationError("answers", ValidationCodes.Invalid, $"{instrument.Id} needs exactly {instrument.Items.Length} answers, got {answers.Length}")];
        }

        ImmutableArray<ValidationError>.Builder? errors = null;
        for (var i = 0; i < answers.Length; i++)
        {
            var item = instrument.Items[i];
            var answer = answers[i];
            var problem = answer is null
                ? ValidationError.Required($"answers[{item.Number}]", $"item {item.Number} is missing; allowed {item.AllowedDescription}")
                : !item.Allows(answer.Value)
                    ? ValidationError.OutOfRange($"answers[{item.Number}]", $"item {item.Number} is {answer.Value}; allowed {item.AllowedDescription}")
                    : null;
            if (problem is null) continue;
            errors ??= ImmutableArray.CreateBuilder<ValidationError>();
            errors.Add(problem with { Item = item.Number });
        }

        return errors?.ToImmutable() ?? [];
    }

    private static InstrumentScore ScoreValid(Instrument instrument, ReadOnlySpan<int> values)
    {
        double score;
        int? psychosocial = null;
        string? band;
        switch (instrument.Scoring)
        {
            case ScoringMethod.Startback:
                (var total, var sub) = StartBack(values);
                score = total;
                psychosocial = sub;
                var t = instrument.Thresholds!;
                band = sub >= t.SubscaleHighAtLeast ? "high" : total >= t.TotalMediumAtLeast ? "medium" : "low";
                break;
            case ScoringMethod.Mean:
                var sum = 0;
                foreach (var v in values) sum += v;
                score = (double)sum / values.Length;
                band = BandFor(instrument, score);
                break;
            default:
                var s = 0;
                foreach (var v in values) s += v;
                score = s;
                band = BandFor(instrument, s);
                break;
        }

        bool? selfHarm = instrument.SelfHarmItem is { } item ? values[item - 1] > 0 : null;
        var meaning = band is null ? null : instrument.Band(band)?.Meaning;
        return new InstrumentScore(
            instrument.Id, score, band, psychosocial, selfHarm, [.. values],
            meaning?.Text,
            meaning is null ? instrument.Description.Sources : [.. instrument.Description.Sources.Union(meaning.Sources)]);
    }

    /// <summary>
    /// Hill 2008: items 1-8 agree = 1; item 9 counts only for "very much" (3) or "extremely" (4).
    /// Total = positives over all 9 items; psychosocial subscale = positives among items 5-9.
    /// </summary>
    private static (int Total, int Subscale) StartBack(ReadOnlySpan<int> values)
    {
        var total = 0;
        var subscale = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var positive = i == 8 ? values[i] >= 3 : values[i] == 1;
            if (!positive) continue;
            total++;
            if (i >= 4) subscale++;
        }

        return (total, subscale);
    }

    private static string? BandFor(Instrument instrument, double score)
    {
        foreach (var band in instrument.Bands)
        {
            if (band.Min is { } min && band.Max is { } max && score >= min && score <= max) return band.Band;
        }

        return null;
    }
}
