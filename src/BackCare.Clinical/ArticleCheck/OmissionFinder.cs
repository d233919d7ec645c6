using System.Collections.Immutable;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.ArticleCheck;

/// <summary>
/// What an article that promotes a medicine left out: for each promoted drug, the major risks from its monograph the
/// text never mentions (opioid co-use, dependence and withdrawal, other boxed warnings, the Beers advice for older
/// adults, pregnancy), and, when guidelines do not recommend it for back pain, what they recommend instead. "Mentions"
/// is a plain word check on the whole article (for example "opioid", "dependence", "pregnan").
/// </summary>
public static class OmissionFinder
{
    /// <summary>First-line care every back-pain guideline puts before medicines (data/interventions.yaml).</summary>
    private static readonly string[] Instead = ["education_reassurance", "stay_active", "structured_exercise", "superficial_heat"];

    public static ImmutableArray<ArticleOmission> Find(EvidenceBase evidence, IEnumerable<string> promotedDrugs, string article)
    {
        var text = article.ToLowerInvariant();
        var omissions = ImmutableArray.CreateBuilder<ArticleOmission>();
        foreach (var id in promotedDrugs.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (evidence.DrugById(id) is not { } drug) continue;
            var monograph = evidence.Monograph(drug);
            var taken = new HashSet<Statement>();

            if (!Mentions(text, "opioid", "opiate", "narcotic") && !drug.IsIn("opioid"))
            {
                foreach (var rule in evidence.InteractionsFor(drug).Where(r => WithOpioid(r, drug)))
                {
                    omissions.Add(new ArticleOmission(id, "opioid_co_use", rule.Summary, rule.Sources));
                }

                foreach (var boxed in monograph.BoxedWarnings.Where(s => Says(s, "opioid"))) taken.Add(boxed.Statement);
            }

            if (!Mentions(text, "dependen", "addict", "withdraw", "habit-forming", "habit forming"))
            {
                var dependence = monograph.BoxedWarnings.Concat(monograph.Risks).FirstOrDefault(s => Says(s, "dependence", "withdrawal", "addiction"));
                if (dependence is not null)
                {
                    omissions.Add(Omission(id, "dependence_withdrawal", dependence.Statement));
                    taken.Add(dependence.Statement);
                }
            }
            else
            {
                foreach (var s in monograph.BoxedWarnings.Where(s => Says(s, "dependence", "withdrawal", "addiction"))) taken.Add(s.Statement);
            }

            if (!Mentions(text, "boxed warning", "black box", "black-box"))
            {
                foreach (var boxed in monograph.BoxedWarnings.Where(s => !taken.Contains(s.Statement) && !Says(s, "opioid")))
                {
                    omissions.Add(Omission(id, "boxed_warning", boxed.Statement));
                }
            }

            if (!Mentions(text, "older", "elderly", "over 65", "65 and over", "beers", "seniors"))
            {
                if (monograph.OlderAdults.FirstOrDefault(s => Says(s, "beers") && Says(s, "avoid", "against")) is { } beers) omissions.Add(Omission(id, "beers", beers.Statement));
            }

            if (!Mentions(text, "pregnan") && monograph.Pregnancy.FirstOrDefault(IsRisk) is { } pregnancy)
            {
                omissions.Add(Omission(id, "pregnancy", pregnancy.Statement));
            }

            if (!NotRecommended(monograph)) continue;
            var alternatives = Instead.Select(i => evidence.Interventions.FirstOrDefault(x => x.Id == i)).OfType<Intervention>().ToList();
            if (alternatives.Count == 0) continue;
            var named = string.Join(", ", alternatives.Select(a => a.Name.ToLowerInvariant()));
            omissions.Add(new ArticleOmission(id, "guideline_alternative",
                $"No back-pain guideline recommends {drug.Name} for back pain. What they recommend first: {named}; if a medicine is wanted, an NSAID is usually tried first.",
                [.. alternatives.SelectMany(a => a.Summary.Sources).Append("nice_ng59").Append("acp_2017").Distinct(StringComparer.Ordinal)]));
        }

        return omissions.ToImmutable();
    }

    /// <summary>A drug whose back-pain guideline positions are all against, conditional against or insufficient evidence.</summary>
    private static bool NotRecommended(DrugMonograph monograph)
    {
        var positions = monograph.GuidelinePositions.SelectMany(i => i.Recommendations).ToList();
        return positions.Count > 0 && positions.All(r => r.Direction is Direction.Against or Direction.ConditionalAgainst or Direction.InsufficientEvidence or Direction.NoRecommendation);
    }

    /// <summary>An interaction between this drug (on one side) and an opioid (on another side).</summary>
    private static bool WithOpioid(InteractionRule rule, Drug drug)
    {
        for (var i = 0; i < rule.Between.Length; i++)
        {
            if (!rule.Between[i].Matches(drug)) continue;
            for (var j = 0; j < rule.Between.Length; j++)
            {
                if (j != i && rule.Between[j].Classes.Contains("opioid")) return true;
            }
        }

        return false;
    }

    /// <summary>A pregnancy statement that warns of a risk (not one saying none was found).</summary>
    private static bool IsRisk(SourcedStatement statement) =>
        Says(statement, "can cause", "avoid", "withdrawal", "harm", "birth defect", "malformation", "risk") && !Says(statement, "not identified");

    private static ArticleOmission Omission(string drug, string kind, Statement statement) => new(drug, kind, statement.Text, statement.Sources);

    private static bool Mentions(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    private static bool Says(SourcedStatement statement, params string[] words) =>
        words.Any(w => statement.Statement.Text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
