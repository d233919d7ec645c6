using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Medications;

/// <summary>
/// Checks a medication list against the person: interactions (data/interactions.yaml), and
/// contraindications, pregnancy, lactation, duration, Beers, duplication, boxed warnings
/// (data/medication-rules.yaml), and guideline concordance for low back pain (data/interventions.yaml).
/// Every finding names its rule and sources. Never advises starting, stopping or changing a medicine.
/// Findings are sorted by severity, kind, rule and medicines, so the order of the list never matters.
/// </summary>
public sealed class MedicationChecker(EvidenceBase evidence, MedicationRecognizer recognizer)
{
    public const string LowBackPain = "low_back_pain";

    public static MedicationChecker Default => DefaultInstance.Value;

    private static readonly Lazy<MedicationChecker> DefaultInstance = new(() => new MedicationChecker(EmbeddedEvidence.Default, MedicationRecognizer.Default));

    public ImmutableArray<MedicationInputError> Validate(MedicationCheckInput input)
    {
        var errors = ImmutableArray.CreateBuilder<MedicationInputError>();
        for (var i = 0; i < input.Conditions.Length; i++)
        {
            if (evidence.Condition(input.Conditions[i]) is null)
            {
                errors.Add(new($"conditions[{i}]", $"unknown condition '{input.Conditions[i]}'; allowed: {string.Join(", ", evidence.Conditions.Select(c => c.Code))}"));
            }
        }

        if (input.Age is < 0 or > 120) errors.Add(new("age", $"is {input.Age}; allowed 0-120"));
        if (input.Indication is not null and not LowBackPain) errors.Add(new("indication", $"is '{input.Indication}'; allowed: {LowBackPain}"));
        for (var i = 0; i < input.Medications.Length; i++)
        {
            var m = input.Medications[i];
            if (string.IsNullOrWhiteSpace(m.Name) && string.IsNullOrWhiteSpace(m.RxNorm)) errors.Add(new($"medications[{i}]", "needs a name or an rxnorm code"));
            if (m.DurationWeeks is < 0 or > 2600) errors.Add(new($"medications[{i}].durationWeeks", $"is {m.DurationWeeks}; allowed 0-2600"));
            if (m.RxNorm is { } code && !code.All(char.IsAsciiDigit)) errors.Add(new($"medications[{i}].rxnorm", "must be digits only (an RXCUI)"));
        }

        return errors.ToImmutable();
    }

    public MedicationCheckResult Check(MedicationCheckInput input)
    {
        var errors = Validate(input);
        if (!errors.IsEmpty) throw new ArgumentException(string.Join("; ", errors), nameof(input));

        // Recognise; collect the distinct medicines with the longest duration reported for each.
        var checkedMeds = ImmutableArray.CreateBuilder<CheckedMedication>(input.Medications.Length);
        var present = new List<(Drug Drug, int? Weeks)>();
        var findings = new List<MedicationFinding>();
        foreach (var entry in input.Medications)
        {
            var recognized = entry.RxNorm is { } code
                ? recognizer.FromCode(entry.Input, code, entry.Name)
                : recognizer.Recognize(entry.Name!);
            var drugs = recognized.Ingredients.Select(id => evidence.DrugById(id)!).ToList();
            checkedMeds.Add(new CheckedMedication(recognized, entry.DurationWeeks,
                drugs.FirstOrDefault()?.RxNorm?.Code,
                [.. drugs.SelectMany(d => d.AllClasses).Distinct()]));
            foreach (var drug in drugs) Add(present, drug, entry.DurationWeeks);
            if (!recognized.IsRecognized) findings.Add(Unrecognized(recognized));
        }

        if (input.Alcohol) Add(present, evidence.DrugById("alcohol")!, null);

        InteractionFindings(present, findings);
        RuleFindings(input, present, findings);
        if (input.Indication == LowBackPain) GuidelineFindings(present, findings);

        findings.Sort(Compare);
        return new MedicationCheckResult(checkedMeds.ToImmutable(), [.. findings]);
    }

    private static void Add(List<(Drug Drug, int? Weeks)> present, Drug drug, int? weeks)
    {
        var index = present.FindIndex(p => p.Drug.Id == drug.Id);
        if (index < 0)
        {
            present.Add((drug, weeks));
        }
        else if (weeks is not null && (present[index].Weeks ?? -1) < weeks)
        {
            present[index] = (drug, weeks);
        }
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

    private void InteractionFindings(List<(Drug Drug, int? Weeks)> present, List<MedicationFinding> findings)
    {
        foreach (var rule in evidence.Interactions)
        {
            var sides = rule.Between.Select(s => present.Where(p => s.Matches(p.Drug)).Select(p => p.Drug.Id).ToList()).ToList();
            if (sides.Any(s => s.Count == 0) || !CanAssignDistinct(sides, 0, [])) continue;
            var drugs = sides.SelectMany(s => s).Distinct().Order(StringComparer.Ordinal).ToImmutableArray();
            findings.Add(new MedicationFinding(FindingKind.Interaction, rule.Severity, drugs, rule.Summary, rule.Detail, rule.Advice, rule.Sources, rule.Id));
        }
    }

    /// <summary>True when each side can be filled by a different medicine (two sides may not both be the same one drug).</summary>
    private static bool CanAssignDistinct(List<List<string>> sides, int index, HashSet<string> used)
    {
        if (index == sides.Count) return true;
        foreach (var id in sides[index])
        {
            if (!used.Add(id)) continue;
            if (CanAssignDistinct(sides, index + 1, used)) return true;
            used.Remove(id);
        }

        return false;
    }

    private void RuleFindings(MedicationCheckInput input, List<(Drug Drug, int? Weeks)> present, List<MedicationFinding> findings)
    {
        foreach (var rule in evidence.MedicationRules)
        {
            var when = rule.When;
            if (when.Pregnant && !input.Pregnant) continue;
            if (when.Breastfeeding && !input.Breastfeeding) continue;
            if (when.MinAge is { } min && (input.Age is null || input.Age < min)) continue;
            if (when.MaxAge is { } max && (input.Age is null || input.Age > max)) continue;
            if (when.Indication is { } indication && input.Indication != indication) continue;
            if (!when.Conditions.IsEmpty && !when.Conditions.Any(input.Conditions.Contains)) continue;

            var matched = present.Where(p => p.Drug.Id != "alcohol" || rule.Drugs.Ingredients.Contains("alcohol"))
                .Where(p => rule.Covers(p.Drug))
                .Where(p => when.DurationWeeksOver is not { } limit || p.Weeks > limit)
                .Select(p => p.Drug.Id)
                .Order(StringComparer.Ordinal)
                .ToImmutableArray();
            if (matched.IsEmpty || (when.CountAtLeast is { } n && matched.Length < n)) continue;
            findings.Add(new MedicationFinding(rule.Kind, rule.Severity, matched, rule.Summary, Detail(rule, input), rule.Advice, rule.Sources, rule.Id));
        }
    }

    private string Detail(MedicationRule rule, MedicationCheckInput input)
    {
        var conditions = rule.When.Conditions.Where(input.Conditions.Contains).Select(c => evidence.Condition(c)!.Label).ToList();
        return conditions.Count == 0 ? rule.Detail : $"{rule.Detail} Reported: {string.Join(", ", conditions)}.";
    }

    private void GuidelineFindings(List<(Drug Drug, int? Weeks)> present, List<MedicationFinding> findings)
    {
        foreach (var (drug, _) in present)
        {
            if (drug.Id == "alcohol") continue;
            foreach (var intervention in evidence.InterventionsFor(drug))
            {
                var recs = intervention.Recommendations;
                var against = recs.Where(r => r.Direction is Direction.Against or Direction.ConditionalAgainst).ToList();
                var supportive = recs.Where(r => r.Direction is Direction.For or Direction.ConditionalFor).ToList();
                var disagree = against.Count > 0 && supportive.Count > 0;
                var severity = against.Count > 0 ? Severity.Moderate : Severity.Info;
                var summary = intervention.Summary.Text;
                if (disagree)
                {
                    summary += $" Guidelines disagree: {Names(supportive)} support it in some situations; {Names(against)} advise against it.";
                }
                else if (against.Count > 0)
                {
                    summary += $" Back-pain guidelines ({Names(against)}) advise against it.";
                }

                var detail = string.Join(" ", recs.Select(r =>
                    $"{Short(r.Guideline)}: {Evidence.Loading.EnumNames.ToSnake(r.Direction).Replace('_', ' ')}" +
                    (r.Condition == LowBackPain ? "" : $" ({r.Condition.Replace('_', ' ')})") +
                    $" [{string.Join("/", r.Populations.Select(p => Evidence.Loading.EnumNames.ToSnake(p)))}] - {r.Statement.Text}"));
                var advice = against.Count > 0
                    ? "Ask your prescriber at your next appointment what this medicine is for and whether it is still the best option for your back pain."
                    : "Nothing to act on; mention it at your next review if you want to talk it through.";
                var sources = intervention.Summary.Sources.Concat(recs.SelectMany(r => r.Statement.Sources)).Distinct().ToImmutableArray();
                findings.Add(new MedicationFinding(FindingKind.Guideline, severity, [drug.Id], summary, detail, advice, sources, $"guideline:{intervention.Id}"));
            }
        }
    }

    private string Names(IEnumerable<Recommendation> recs) =>
        string.Join(", ", recs.Select(r => Short(r.Guideline)).Distinct());

    private string Short(string sourceId) => evidence.Source(sourceId) is { } s
        ? sourceId switch
        {
            "nice_ng59" => "NICE",
            "acp_2017" => "ACP",
            "who_2023_cplbp" => "WHO",
            "cdc_2022_opioids" => "CDC",
            _ => s.ShortCitation,
        }
        : sourceId;

    private static int Compare(MedicationFinding a, MedicationFinding b)
    {
        var c = a.Severity.CompareTo(b.Severity);
        if (c != 0) return c;
        c = a.Kind.CompareTo(b.Kind);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Rule, b.Rule);
        if (c != 0) return c;
        c = string.CompareOrdinal(string.Join(",", a.Drugs), string.Join(",", b.Drugs));
        return c != 0 ? c : string.CompareOrdinal(a.Summary, b.Summary);
    }
}
