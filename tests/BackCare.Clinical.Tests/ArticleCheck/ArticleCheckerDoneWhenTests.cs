using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using Xunit.Abstractions;

namespace BackCare.Clinical.Tests.ArticleCheck;

public sealed class ArticleCheckerDoneWhenTests(ITestOutputHelper output)
{
    internal static readonly ArticleChecker Checker = new(EmbeddedEvidence.Default, MedicationChecker.Default, NoRetrieval.Instance);

    internal static string Synthetic(string name) => File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "article-gold", "synthetic", name));

    private void Print(ArticleCheckResult result)
    {
        foreach (var c in result.Claims)
        {
            output.WriteLine($"{c.Verdict,-13} {c.Frame.Subject.Id}/{c.Frame.Outcome}/{c.Frame.Direction}/{c.Frame.Strength} [{c.Rule}] {c.Sentence.Text}");
        }

        foreach (var o in result.Omissions) output.WriteLine($"OMIT {o.Drug} {o.Kind}: {o.Summary}");
    }

    [Fact]
    public void A_diazepam_sales_article_has_its_efficacy_claims_contradicted_by_Friedman_2017()
    {
        var result = Checker.Check(Synthetic("diazepam-for-back-pain.md"));
        Print(result);

        var efficacy = result.Claims.Where(c => c.Frame.Subject.Id == "diazepam" && c.Frame.Outcome is ClaimOutcome.BackPain or ClaimOutcome.Recovery
            && c.Frame.Direction == ClaimDirection.Helps && c.Verdict != ArticleVerdict.NotCheckable).ToList();
        efficacy.Count.ShouldBeGreaterThanOrEqualTo(3);
        efficacy.ShouldAllBe(c => c.Verdict == ArticleVerdict.Contradicted);
        efficacy.ShouldAllBe(c => c.Evidence.Any(e => e.Statement.Sources.Contains("friedman_2017")));
        efficacy.ShouldAllBe(c => c.Explanation.Contains("Friedman 2017"));
    }

    [Fact]
    public void A_diazepam_sales_article_has_its_sleep_and_anxiety_benefits_not_backed()
    {
        var result = Checker.Check(Synthetic("diazepam-for-back-pain.md"));
        var sleepAndAnxiety = result.Claims.Where(c => c.Frame.Outcome is ClaimOutcome.Sleep or ClaimOutcome.Anxiety).ToList();
        sleepAndAnxiety.Count.ShouldBe(2);
        sleepAndAnxiety.ShouldAllBe(c => c.Verdict == ArticleVerdict.Unsupported);
    }

    [Fact]
    public void A_diazepam_sales_article_is_missing_the_opioid_warning_and_dependence()
    {
        var result = Checker.Check(Synthetic("diazepam-for-back-pain.md"));
        var kinds = result.Omissions.Where(o => o.Drug == "diazepam").Select(o => o.Kind).ToList();
        kinds.ShouldContain("opioid_co_use");
        kinds.ShouldContain("dependence_withdrawal");
        kinds.ShouldContain("guideline_alternative");
        result.Omissions.ShouldAllBe(o => !o.Sources.IsEmpty);
        result.Medicines.ShouldBe(["diazepam"]);
        result.MedicationCheck.ShouldNotBeNull();
    }

    [Fact]
    public void An_NHS_style_page_has_no_contradictions()
    {
        var result = Checker.Check(Synthetic("nhs-style-back-pain.md"));
        Print(result);
        result.Counts.Contradicted.ShouldBe(0);
        result.Counts.Supported.ShouldBeGreaterThanOrEqualTo(8);

        // Ibuprofen is the one medicine it suggests; what is listed for it are its own risks, not sedative warnings.
        result.Omissions.ShouldAllBe(o => o.Drug == "ibuprofen" && o.Kind != "opioid_co_use" && o.Kind != "dependence_withdrawal");
    }

    [Fact]
    public void Popular_myths_get_the_verdicts_the_evidence_allows()
    {
        var result = Checker.Check(Synthetic("xanax-and-anxiety.md"));
        Print(result);
        ArticleVerdict Of(string start) => result.Claims.Single(c => c.Sentence.Text.StartsWith(start, StringComparison.Ordinal)).Verdict;
        Of("Xanax is not addictive").ShouldBe(ArticleVerdict.Contradicted);
        Of("Xanax may help back pain").ShouldBe(ArticleVerdict.Unsupported);
        Of("Poor posture causes").ShouldBe(ArticleVerdict.Unsupported);
        Of("Muscle relaxants fix").ShouldBe(ArticleVerdict.Unsupported);
        Of("Talk to your doctor").ShouldBe(ArticleVerdict.NotCheckable);
    }

    [Theory]
    [InlineData("Take 10 mg of diazepam three times a day.", "Take [dose not shown] of diazepam three times a day.")]
    [InlineData("Doses of 2-10mg are used.", "Doses of [dose not shown] are used.")]
    [InlineData("Use 0.5 to 1 milligram per day.", "Use [dose not shown].")]
    [InlineData("About 68% of people improve within 6 weeks.", "About 68% of people improve within 6 weeks.")]
    public void Doses_quoted_from_an_article_are_never_shown(string sentence, string shown) =>
        DoseMask.Mask(sentence).ShouldBe(shown);
}
