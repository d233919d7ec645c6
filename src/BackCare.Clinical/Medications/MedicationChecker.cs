using System.Collections.Immutable;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Medications;

/// <summary>
/// Checks a medication list against the person: interactions (data/interactions.yaml), and
/// contraindications, pregnancy, lactation, duration, Beers, duplication, boxed warnings
/// (data/medication-rules.yaml), and guideline concordance for low back pain (data/interventions.yaml).
/// Every finding names its rule and sources. Never advises starting, stopping or changing a medicine.
/// Findings are sorted by severity, kind, rule and medicines, so the order of the list never matters.
/// Tables are precomputed (<see cref="MedicationIndex"/>); a check is bit arithmetic over them.
/// </summary>
public sealed class MedicationChecker
{
    public const string LowBackPain = "low_back_pain";

    private readonly EvidenceBase _evidence;
    private readonly MedicationRecognizer _recognizer;
    private readonly MedicationIndex _index;

    public MedicationChecker(EvidenceBase evidence, MedicationRecognizer recognizer)
    {
        _evidence = evidence;
        _recognizer = recognizer;
        _index = new MedicationIndex(evidence);
    }

    public static MedicationChecker Default => DefaultInstance.Value;

    private static readonly Lazy<MedicationChecker> DefaultInstance = new(() => new MedicationChecker(EmbeddedEvidence.Default, MedicationRecognizer.Default));

    public ImmutableArray<ValidationError> Validate(MedicationCheckInput input)
    {
        var errors = ImmutableArray.CreateBuilder<ValidationError>();
        for (var i = 0; i < input.Conditions.Length; i++)
        {
            if (_evidence.Condition(input.Conditions[i]) is null)
            {
                errors.Add(ValidationError.Unknown($"conditions[{i}]", $"unknown condition '{input.Conditions[i]}'; allowed: {string.Join(", ", _evidence.Conditions.Select(c => c.Code))}"));
            }
        }

        if (input.Age is < 0 or > 120) errors.Add(ValidationError.OutOfRange("age", $"is {input.Age}; allowed 0-120"));
        if (input.Indication is not null and not LowBackPain) errors.Add(ValidationError.Unknown("indication", $"is '{input.Indication}'; allowed: {LowBackPain}"));
        for (var i = 0; i < input.Medications.Length; i++)
        {
            var m = input.Medications[i];
            if (string.IsNullOrWhiteSpace(m.Name) && string.IsNullOrWhiteSpace(m.RxNorm)) errors.Add(ValidationError.Required($"medications[{i}]", "needs a name or an rxnorm code"));
            if (m.DurationWeeks is < 0 or > 2600) errors.Add(ValidationError.OutOfRange($"medications[{i}].durationWeeks", $"is {m.DurationWeeks}; allowed 0-2600"));
            if (m.RxNorm is { } code && !code.All(char.IsAsciiDigit)) errors.Add(ValidationError.Invalid($"medications[{i}].rxnorm", "must be digits only (an RXCUI)"));
        }

        return errors.ToImmutable();
    }

    public MedicationCheckResult Check(MedicationCheckInput input)
    {
        var errors = Validate(input);
        if (!errors.IsEmpty) throw new ArgumentException(string.Join("; ", errors), nameof(input));

        var medications = ImmutableArray.CreateBuilder<CheckedMedication>(input.Medications.Length);
        var findings = new List<MedicationFinding>();
        var present = BitSet256.Empty;
        Span<int> weeks = stackalloc int[BitSet256.Capacity];
        weeks.Fill(-1);
        foreach (var entry in input.Medications)
        {
            var recognized = entry.RxNorm is { } code
                ? _recognizer.FromCode(entry.Input, code, entry.Name)
                : _recognizer.Recognize(entry.Name!);
            ImmutableArray<string> classes = [];
            string? rxnorm = null;
            foreach (var id in recognized.Ingredients)
            {
                var bit = _index.BitOf[id];
                present = present.With(bit);
                if (entry.DurationWeeks is { } w && w > weeks[bit]) weeks[bit] = w;
                var drug = _evidence.DrugById(id)!;
                rxnorm ??= drug.RxNorm?.Code;
                classes = classes.IsEmpty ? drug.AllClasses : [.. classes.Union(drug.AllClasses)];
            }

            medications.Add(new CheckedMedication(recognized, entry.DurationWeeks, rxnorm, classes));
            if (!recognized.IsRecognized) findings.Add(Unrecognized(recognized));
        }

        if (input.Alcohol && _index.Alcohol >= 0) present = present.With(_index.Alcohol);

        Interactions(present, findings);
        Rules(input, present, weeks, findings);
        if (input.Indication == LowBackPain) Guidelines(present, findings);

        findings.Sort(Compare);
        return new MedicationCheckResult(medications.MoveToImmutable(), [.. findings]);
    }

    private static MedicationFinding Unrecognized(RecognizedMedication m) => new(
        FindingKind.Unrecognized,
        Severity.Info,
        [],
        m.DidYouMean is null
            ? $"We could not recognise \"{m.Input}\", so it was not checked."
            : $"We could not recognise \"{m.Input}\" (did you mean {m.DidYouMean}?), so it was not checked.",
        "Not found among the generic names, brands, synonyms and RxNorm codes in the evidence base.",
        "Show your pharmacist the full list of what you take, including this one, so it can be checked.",
        [],
        "unrecognized");

    private void Interactions(BitSet256 present, List<MedicationFinding> findings)
    {
        Span<BitSet256> buffer = stackalloc BitSet256[MedicationIndex.MaxSides];
        foreach (var indexed in _index.Interactions)
        {
            var sides = indexed.Sides;
            var all = BitSet256.Empty;
            var fires = true;
            var hits = buffer[..sides.Length];
            for (var s = 0; s < sides.Length; s++)
            {
                hits[s] = present & sides[s];
                if (hits[s].IsEmpty)
                {
                    fires = false;
                    break;
                }

                all |= hits[s];
            }

            if (!fires || !CanAssignDistinct(hits, 0, BitSet256.Empty)) continue;
            var rule = indexed.Rule;
            findings.Add(new MedicationFinding(FindingKind.Interaction, rule.Severity, _index.IdsOf(all), rule.Summary, rule.Detail, rule.Advice, rule.Sources, rule.Id));
        }
    }

    /// <summary>True when each side can be filled by a different medicine (one drug cannot interact with itself).</summary>
    private static bool CanAssignDistinct(ReadOnlySpan<BitSet256> sides, int index, BitSet256 used)
    {
        if (index == sides.Length) return true;
        if (index == 0 && sides.Length == 2)
        {
            // Fast path for pairs: fails only when both sides are the same single medicine.
            return !(sides[0] == sides[1] && sides[0].Count == 1);
        }

        var candidates = sides[index] & ~used;
        for (var bit = BitSet256.TakeLowest(ref candidates); bit >= 0; bit = BitSet256.TakeLowest(ref candidates))
        {
            if (CanAssignDistinct(sides, index + 1, used.With(bit))) return true;
        }

        return false;
    }

    private void Rules(MedicationCheckInput input, BitSet256 present, ReadOnlySpan<int> weeks, List<MedicationFinding> findings)
    {
        var conditions = 0UL;
        foreach (var code in input.Conditions) conditions |= 1UL << _index.ConditionBit[code];

        foreach (var indexed in _index.Rules)
        {
            var matched = present & indexed.Covers;
            if (matched.IsEmpty) continue;
            var rule = indexed.Rule;
            var when = rule.When;
            if (when.Pregnant && !input.Pregnant) continue;
            if (when.Breastfeeding && !input.Breastfeeding) continue;
            if (when.MinAge is { } min && (input.Age is null || input.Age < min)) continue;
            if (when.MaxAge is { } max && (input.Age is null || input.Age > max)) continue;
            if (when.Indication is { } indication && input.Indication != indication) continue;
            if (indexed.Conditions != 0 && (indexed.Conditions & conditions) == 0) continue;
            if (when.DurationWeeksOver is { } limit)
            {
                var longer = BitSet256.Empty;
                var scan = matched;
                for (var bit = BitSet256.TakeLowest(ref scan); bit >= 0; bit = BitSet256.TakeLowest(ref scan))
                {
                    if (weeks[bit] > limit) longer = longer.With(bit);
                }

                matched = longer;
                if (matched.IsEmpty) continue;
            }

            if (when.CountAtLeast is { } n && matched.Count < n) continue;
            findings.Add(new MedicationFinding(rule.Kind, rule.Severity, _index.IdsOf(matched), rule.Summary,
                indexed.Conditions == 0 ? rule.Detail : Detail(rule, indexed.Conditions & conditions), rule.Advice, rule.Sources, rule.Id));
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _details = new(StringComparer.Ordinal);

    /// <summary>The rule's detail plus the conditions that made it apply (cached: few combinations occur).</summary>
    private string Detail(MedicationRule rule, ulong reported) =>
        _details.GetOrAdd(FormattableString.Invariant($"{rule.Id}|{reported}"), _ =>
        {
            var labels = rule.When.Conditions.Where(c => (reported & (1UL << _index.ConditionBit[c])) != 0).Select(c => _evidence.Condition(c)!.Label);
            return $"{rule.Detail} Reported: {string.Join(", ", labels)}.";
        });

    private void Guidelines(BitSet256 present, List<MedicationFinding> findings)
    {
        foreach (var guideline in _index.Guidelines)
        {
            var covered = present & guideline.Covers;
            if (covered.IsEmpty) continue;
            var t = guideline.Template;
            for (var bit = BitSet256.TakeLowest(ref covered); bit >= 0; bit = BitSet256.TakeLowest(ref covered))
            {
                findings.Add(new MedicationFinding(FindingKind.Guideline, t.Severity, [_index.Ids[bit]], t.Summary, t.Detail, t.Advice, t.Sources,
                    guideline.RuleId));
            }
        }
    }

    private static int Compare(MedicationFinding a, MedicationFinding b)
    {
        // Compared as numbers: Enum.CompareTo takes an object, so it would box both sides on every comparison.
        var c = ((int)a.Severity).CompareTo((int)b.Severity);
        if (c != 0) return c;
        c = ((int)a.Kind).CompareTo((int)b.Kind);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Rule, b.Rule);
        if (c != 0) return c;
        for (var i = 0; i < Math.Min(a.Drugs.Length, b.Drugs.Length); i++)
        {
            c = string.CompareOrdinal(a.Drugs[i], b.Drugs[i]);
            if (c != 0) return c;
        }

        c = a.Drugs.Length.CompareTo(b.Drugs.Length);
        return c != 0 ? c : string.CompareOrdinal(a.Summary, b.Summary);
    }
}
