using System.Collections.Frozen;
using System.Collections.Immutable;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.Medications;

/// <summary>
/// Tables precomputed once per evidence base so that checking a list is bit arithmetic: every drug
/// has a bit (in id order), every interaction side and every rule a set of the drugs it covers,
/// and every guideline position a ready-made finding.
/// </summary>
internal sealed class MedicationIndex
{
    public const int MaxSides = 8;

    public MedicationIndex(EvidenceBase evidence)
    {
        if (evidence.Interactions.Any(i => i.Between.Length > MaxSides)) throw new InvalidOperationException($"an interaction may have at most {MaxSides} sides");
        var drugs = evidence.Drugs.OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        if (drugs.Length > BitSet256.Capacity) throw new InvalidOperationException($"the medication index supports at most {BitSet256.Capacity} drugs");
        Ids = [.. drugs.Select(d => d.Id)];
        BitOf = Positions(drugs.Select(d => d.Id));
        Alcohol = BitOf.TryGetValue("alcohol", out var alcohol) ? alcohol : -1;

        BitSet256 SetOf(Func<Drug, bool> predicate)
        {
            var set = BitSet256.Empty;
            for (var i = 0; i < drugs.Length; i++)
            {
                if (predicate(drugs[i])) set = set.With(i);
            }

            return set;
        }

        Interactions = [.. evidence.Interactions.Select(rule =>
        {
            var sides = new BitSet256[rule.Between.Length];
            for (var s = 0; s < sides.Length; s++) sides[s] = SetOf(rule.Between[s].Matches);
            return new IndexedInteraction(rule, sides);
        })];
        var conditionBits = Positions(evidence.Conditions.Select(c => c.Code));
        ConditionBit = conditionBits;
        Rules = [.. evidence.MedicationRules.Select(rule => new IndexedRule(
            rule,
            SetOf(d => rule.Covers(d) && (d.Id != "alcohol" || rule.Drugs.Ingredients.Contains("alcohol"))),
            rule.When.Conditions.Aggregate(0UL, (mask, c) => mask | (1UL << conditionBits[c]))))];
        if (evidence.Conditions.Length > 64) throw new InvalidOperationException("the medication index supports at most 64 condition codes");

        Guidelines = [.. evidence.Interventions.Where(i => i.Kind == InterventionKind.Drug).Select(i => new IndexedGuideline(
            i, SetOf(d => d.Id != "alcohol" && (i.Drugs.Contains(d.Id) || i.DrugClasses.Any(d.IsIn))), GuidelineTemplate.Build(evidence, i)))];
    }

    public ImmutableArray<string> Ids { get; }

    public Dictionary<string, int> BitOf { get; }

    public Dictionary<string, int> ConditionBit { get; }

    /// <summary>Each key's position. A plain Dictionary of string to int: its code ships precompiled with the framework.</summary>
    private static Dictionary<string, int> Positions(IEnumerable<string> keys)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys) positions.Add(key, positions.Count);
        return positions;
    }

    public int Alcohol { get; }

    public ImmutableArray<IndexedInteraction> Interactions { get; }

    public ImmutableArray<IndexedRule> Rules { get; }

    public ImmutableArray<IndexedGuideline> Guidelines { get; }

    public ImmutableArray<string> IdsOf(BitSet256 set)
    {
        var builder = ImmutableArray.CreateBuilder<string>(set.Count);
        for (var bit = BitSet256.TakeLowest(ref set); bit >= 0; bit = BitSet256.TakeLowest(ref set)) builder.Add(Ids[bit]);
        return builder.MoveToImmutable();
    }
}

internal sealed record IndexedInteraction(InteractionRule Rule, BitSet256[] Sides);

internal sealed record IndexedRule(MedicationRule Rule, BitSet256 Covers, ulong Conditions);

internal sealed record IndexedGuideline(Intervention Intervention, BitSet256 Covers, GuidelineTemplate Template)
{
    public string RuleId { get; } = "guideline:" + Intervention.Id;
}

/// <summary>The finding text for one guideline position, computed once.</summary>
internal sealed record GuidelineTemplate(Severity Severity, string Summary, string Detail, string Advice, ImmutableArray<string> Sources)
{
    public static GuidelineTemplate Build(EvidenceBase evidence, Intervention intervention)
    {
        var recs = intervention.Recommendations;
        var against = recs.Where(r => r.Direction is Direction.Against or Direction.ConditionalAgainst).ToList();
        var supportive = recs.Where(r => r.Direction is Direction.For or Direction.ConditionalFor).ToList();
        var summary = intervention.Summary.Text;
        if (against.Count > 0 && supportive.Count > 0)
        {
            summary += $" Guidelines disagree: {Names(evidence, supportive)} support it in some situations; {Names(evidence, against)} advise against it.";
        }
        else if (against.Count > 0)
        {
            summary += $" Back-pain guidelines ({Names(evidence, against)}) advise against it.";
        }

        var detail = string.Join(" ", recs.Select(r =>
            $"{Short(evidence, r.Guideline)}: {Evidence.Loading.EnumNames.ToSnake(r.Direction).Replace('_', ' ')}" +
            (r.Condition == MedicationChecker.LowBackPain ? "" : $" ({r.Condition.Replace('_', ' ')})") +
            $" [{string.Join("/", r.Populations.Select(p => Evidence.Loading.EnumNames.ToSnake(p)))}] - {r.Statement.Text}"));
        var advice = against.Count > 0
            ? "Ask your prescriber at your next appointment what this medicine is for and whether it is still the best option for your back pain."
            : "Nothing to act on; mention it at your next review if you want to talk it through.";
        var sources = intervention.Summary.Sources.Concat(recs.SelectMany(r => r.Statement.Sources)).Distinct().ToImmutableArray();
        return new GuidelineTemplate(against.Count > 0 ? Severity.Moderate : Severity.Info, summary, detail, advice, sources);
    }

    private static string Names(EvidenceBase evidence, IEnumerable<Recommendation> recs) =>
        string.Join(", ", recs.Select(r => Short(evidence, r.Guideline)).Distinct());

    private static string Short(EvidenceBase evidence, string sourceId) => sourceId switch
    {
        "nice_ng59" => "NICE",
        "acp_2017" => "ACP",
        "who_2023_cplbp" => "WHO",
        "cdc_2022_opioids" => "CDC",
        _ => evidence.ShortCitation(sourceId),
    };
}
