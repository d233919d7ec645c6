using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Clinical.Tests.Evidence;

/// <summary>The validator catches each kind of defect and says where it is.</summary>
public sealed class EvidenceLoaderTests
{
    private const string Sources = """
        sources:
          - id: trial_a
            kind: rct
            authors: Doe J, Roe R
            title: A trial
            container: Journal 1:1-2
            year: 2020
            check: verified
        """;

    private const string Classes = """
        classes:
          - id: sedative
            name: Sedatives
            summary: {text: "Sedating medicines.", sources: [trial_a]}
        """;

    private static EvidenceLoadResult Load(params (string Path, string Content)[] files) =>
        EvidenceLoader.Load(files.Select(f => new EvidenceFile(f.Path, f.Content)));

    private static EvidenceProblem SingleProblem(EvidenceLoadResult result)
    {
        result.IsValid.ShouldBeFalse();
        result.Base.ShouldBeNull();
        return result.Problems.ShouldHaveSingleItem();
    }

    [Fact]
    public void A_minimal_consistent_base_loads()
    {
        var result = Load(("sources.yaml", Sources), ("classes.yaml", Classes));
        result.Problems.ShouldBeEmpty();
        result.Base!.Class("sedative")!.Sections.Summary!.Sources.ShouldBe(["trial_a"]);
    }

    [Fact]
    public void A_statement_without_sources_is_reported_with_file_and_line()
    {
        var classes = """
            classes:
              - id: sedative
                name: Sedatives
                summary: {text: "Sedating medicines.", sources: [trial_a]}
                mechanism: {text: "They calm the brain."}
            """;
        var problem = SingleProblem(Load(("sources.yaml", Sources), ("classes.yaml", classes)));
        problem.File.ShouldBe("classes.yaml");
        problem.Line.ShouldBe(5);
        problem.Message.ShouldContain("no 'sources'");
    }

    [Fact]
    public void A_source_that_nothing_cites_is_reported()
    {
        var sources = Sources + """

              - id: unused_review
                kind: review
                authors: Smith A
                title: A review
                container: Journal
                year: 2021
                check: partial
            """;
        var problem = SingleProblem(Load(("sources.yaml", sources), ("classes.yaml", Classes)));
        problem.Message.ShouldContain("'unused_review' is not cited");
        problem.Line.ShouldBe(9);
    }

    [Fact]
    public void An_unknown_source_id_is_reported_with_a_suggestion()
    {
        var classes = Classes.Replace("sources: [trial_a]", "sources: [trial_b]");
        var problems = Load(("sources.yaml", Sources), ("classes.yaml", classes)).Problems;
        problems.ShouldContain(p => p.Message.Contains("unknown source 'trial_b'") && p.Message.Contains("did you mean 'trial_a'") && p.Line == 4);
    }

    [Theory]
    [InlineData("Take 5 mg at night.", "5 mg")]
    [InlineData("Usual dose is 2.5mg.", "2.5mg")]
    [InlineData("Take two tablets when needed.", "Take two tablets")]
    [InlineData("Use it twice a day.", "twice a day")]
    [InlineData("Repeat every 6 hours.", "every 6 hours")]
    public void Text_with_a_dose_or_dosing_instruction_is_rejected(string text, string fragment)
    {
        var classes = Classes.Replace("Sedating medicines.", text);
        var problem = SingleProblem(Load(("sources.yaml", Sources), ("classes.yaml", classes)));
        problem.Message.ShouldContain($"'{fragment}'");
        problem.Message.ShouldContain("never gives doses");
    }

    [Theory]
    [InlineData("Pain fell by 2 points out of 10 at 6 weeks.")]
    [InlineData("Up to 2 or 3 weeks only.")]
    [InlineData("Sleeping under 6 or over 9 hours predicted pain.")]
    public void Ordinary_numbers_are_not_mistaken_for_doses(string text) =>
        TextChecks.FindDosing(text).ShouldBeNull();

    [Fact]
    public void An_unverified_statement_must_say_it_is_unconfirmed()
    {
        var classes = Classes.Replace("""{text: "Sedating medicines.", sources: [trial_a]}""", """{text: "Sedating medicines.", sources: [trial_a], status: unverified}""");
        SingleProblem(Load(("sources.yaml", Sources), ("classes.yaml", classes))).Message.ShouldContain("must say so");

        var hedged = Classes.Replace("""{text: "Sedating medicines.", sources: [trial_a]}""", """{text: "Possibly sedating; not confirmed.", sources: [trial_a], status: unverified}""");
        Load(("sources.yaml", Sources), ("classes.yaml", hedged)).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void Duplicate_ids_across_kinds_are_reported()
    {
        var classes = Classes.Replace("id: sedative", "id: trial_a");
        var problems = Load(("sources.yaml", Sources), ("classes.yaml", classes)).Problems;
        problems.ShouldContain(p => p.Message.Contains("id 'trial_a' is already used at sources.yaml:2"));
    }

    [Fact]
    public void Invalid_enumerations_unknown_fields_and_bad_ids_are_reported()
    {
        var sources = Sources.Replace("kind: rct", "kind: blog").Replace("check: verified", "check: verified\n    colour: blue").Replace("id: trial_a", "id: Trial-A");
        var problems = Load(("sources.yaml", sources)).Problems.Select(p => p.Message).ToList();
        problems.ShouldContain(m => m.Contains("'kind' is 'blog'") && m.Contains("guideline, rct, review, label, cohort, criteria"));
        problems.ShouldContain(m => m.Contains("unknown field 'colour'"));
        problems.ShouldContain(m => m.Contains("must be snake_case"));
    }

    [Fact]
    public void A_class_cycle_is_reported()
    {
        var classes = """
            classes:
              - id: a_class
                name: A
                parents: [b_class]
                summary: {text: "A.", sources: [trial_a]}
              - id: b_class
                name: B
                parents: [a_class]
            drugs:
              - id: some_drug
                name: some drug
                classes: [a_class]
                brands: {us: [], uk: []}
            """;
        Load(("sources.yaml", Sources), ("classes.yaml", classes)).Problems.ShouldContain(p => p.Message.Contains("its own ancestor"));
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_position()
    {
        var problem = SingleProblem(Load(("sources.yaml", "sources:\n  - id: x\n    title: a: b: c\n")));
        problem.Message.ShouldStartWith("YAML syntax");
        problem.Line.ShouldBe(3);
    }

    [Fact]
    public void An_interaction_needs_two_sides_that_resolve()
    {
        var rules = """
            interactions:
              - id: lonely_rule
                title: Lonely
                between: [{classes: [no_such_class]}]
                severity: major
                summary: "s"
                detail: "d"
                advice: "a"
                sources: [trial_a]
            """;
        var problems = Load(("sources.yaml", Sources), ("classes.yaml", Classes), ("interactions.yaml", rules)).Problems.Select(p => p.Message).ToList();
        problems.ShouldContain(m => m.Contains("at least two entries"));
        problems.ShouldContain(m => m.Contains("unknown drug class 'no_such_class'"));
    }

    private static EvidenceLoadResult LoadEmbeddedWith(string path, string from, string to)
    {
        var files = EmbeddedEvidence.Files().ToList();
        files.ShouldContain(f => f.Path == path && f.Content.Contains(from, StringComparison.Ordinal), $"{path} should contain {from}");
        return EvidenceLoader.Load(files.Select(f => f.Path == path ? new EvidenceFile(f.Path, f.Content.Replace(from, to, StringComparison.Ordinal)) : f));
    }

    [Fact]
    public void A_design_rule_without_a_rationale_is_rejected()
    {
        var result = LoadEmbeddedWith("data/triage.yaml", "    basis: design_rule\n    rationale: \"NICE NG156", "    basis: design_rule\n    note: \"NICE NG156");
        result.Problems.ShouldContain(p => p.File == "data/triage.yaml" && p.Message.Contains("rationale", StringComparison.Ordinal));
    }

    [Fact]
    public void A_statement_without_sources_must_be_a_design_rule_with_a_rationale()
    {
        var result = LoadEmbeddedWith("data/care-plan.yaml", "progress cannot be judged.\", basis: design_rule, rationale: \"Nothing is inferred without data.\"}", "progress cannot be judged.\"}");
        result.Problems.ShouldContain(p => p.Message.Contains("every statement must cite at least one source", StringComparison.Ordinal));
    }

    [Fact]
    public void A_checked_external_RxNorm_code_without_its_sighting_is_rejected()
    {
        var result = LoadEmbeddedWith("data/drugs/benzodiazepines.yaml",
            "rxnorm: {code: \"3322\", check: checked_external, seen_in: \"cpicpgx/cpic-schema drug.sql line 66 (commit 05f9b09c6fcdf674efe3289411994b54f979aedb)\"}",
            "rxnorm: {code: \"3322\", check: checked_external}");
        SingleProblem(result).Message.ShouldContain("seen_in");
    }

    [Fact]
    public void A_verified_statement_needs_a_verified_source()
    {
        var files = EmbeddedEvidence.Files().Select(f =>
        {
            if (f.Path != "data/sources.yaml") return f;
            var at = f.Content.IndexOf("id: friedman_2017", StringComparison.Ordinal);
            var check = f.Content.IndexOf("check: verified", at, StringComparison.Ordinal);
            return new EvidenceFile(f.Path, f.Content[..check] + "check: partial" + f.Content[(check + "check: verified".Length)..]);
        });
        var result = EvidenceLoader.Load(files);
        result.Problems.ShouldContain(p => p.File == "data/drugs/benzodiazepines.yaml" && p.Message.Contains("'friedman_2017' is partial", StringComparison.Ordinal));
        result.Problems.ShouldAllBe(p => p.Message.Contains("verified statement needs at least one verified source", StringComparison.Ordinal));
    }
}
