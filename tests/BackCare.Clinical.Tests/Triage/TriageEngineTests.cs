using System.Collections.Immutable;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Triage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BackCare.Clinical.Tests.Triage;

/// <summary>One case per rule in data/triage.yaml, written from the cited sources (docs/clinical/triage.md).</summary>
public sealed class TriageEngineTests
{
    private static readonly EvidenceBase Evidence = EmbeddedEvidence.Default;

    private static TriageResult Triage(int age, int days, params string[] findings)
    {
        var outcome = TriageEngine.Evaluate(Evidence, new TriageInput(age, days, [.. findings]));
        outcome.Errors.ShouldBeEmpty();
        return outcome.Result!;
    }

    [Theory]
    // Cauda equina syndrome: any single feature is an emergency (Finucane 2020; NHS CES pathways).
    [InlineData(40, 5, "emergency", "cauda_equina", "saddle_numbness")]
    [InlineData(40, 5, "emergency", "cauda_equina", "new_urinary_retention")]
    [InlineData(40, 5, "emergency", "cauda_equina", "new_urinary_incontinence")]
    [InlineData(40, 5, "emergency", "cauda_equina", "new_bowel_incontinence")]
    [InlineData(40, 5, "emergency", "cauda_equina", "new_sexual_dysfunction")]
    [InlineData(40, 5, "emergency", "cauda_equina", "bilateral_sciatica")]
    [InlineData(40, 5, "emergency", "cauda_equina", "bilateral_leg_weakness")]
    [InlineData(70, 5, "emergency", "suspected_aaa", "pulsatile_abdominal_mass")]
    // Cancer history with new neurology is an emergency (NICE CG75/NG234: MSCC).
    [InlineData(60, 5, "emergency", "cancer_with_neurology", "history_of_cancer", "leg_weakness")]
    [InlineData(60, 5, "urgent", "cancer_history", "history_of_cancer")]
    // Infection: fever with neurology emergency; fever same day; fever with IV drug use same day.
    [InlineData(30, 5, "emergency", "infection_with_neurology", "fever", "leg_numbness")]
    [InlineData(30, 5, "urgent", "infection_fever", "fever")]
    [InlineData(30, 5, "urgent", "infection_fever_with_risk", "fever", "iv_drug_use")]
    [InlineData(30, 5, "soon", "infection_risk_factor", "iv_drug_use")]
    [InlineData(30, 5, "soon", "infection_risk_factor", "immunosuppression")]
    // Neurology.
    [InlineData(45, 5, "urgent", "progressive_neurology", "foot_drop")]
    [InlineData(45, 5, "urgent", "progressive_neurology", "progressive_leg_weakness")]
    [InlineData(45, 5, "soon", "stable_leg_weakness", "leg_weakness")]
    [InlineData(45, 5, "routine", "leg_numbness", "leg_numbness")]
    // Malignancy features.
    [InlineData(65, 5, "soon", "weight_loss_age_60", "unexplained_weight_loss")]
    [InlineData(45, 5, "soon", "weight_loss", "unexplained_weight_loss")]
    [InlineData(55, 5, "soon", "night_or_thoracic_pain_over_50", "night_pain")]
    [InlineData(35, 5, "routine", "night_or_thoracic_pain", "thoracic_pain")]
    // Fracture.
    [InlineData(35, 1, "emergency", "major_trauma", "major_trauma")]
    [InlineData(75, 1, "urgent", "fragility_fracture", "minor_trauma", "osteoporosis")]
    [InlineData(45, 1, "urgent", "fragility_fracture", "minor_trauma", "long_term_corticosteroids")]
    [InlineData(45, 10, "routine", "fracture_risk_factor", "osteoporosis")]
    // Self-harm thoughts: same day, with a crisis message.
    [InlineData(30, 5, "urgent", "self_harm", "self_harm_thoughts")]
    public void Each_rule_gives_its_cited_urgency(int age, int days, string disposition, string rule, params string[] findings)
    {
        var result = Triage(age, days, findings);
        BackCare.Clinical.Evidence.Loading.EnumNames.ToSnake(result.Disposition).ShouldBe(disposition);
        result.Flags[0].Rule.ShouldBe(rule);
        result.Flags[0].Sources.ShouldNotBeEmpty();
    }

    [Fact]
    public void Sciatica_alone_in_a_young_adult_is_self_care_with_safety_netting()
    {
        var result = Triage(35, 10, "sciatica");
        result.Disposition.ShouldBe(Disposition.SelfCare);
        result.Flags.ShouldBeEmpty();
        result.Message.ShouldContain("numbness between the legs");
    }

    [Fact]
    public void NG65_needs_four_features_onset_before_45_and_more_than_3_months()
    {
        string[] four = ["onset_before_35", "waking_second_half_of_night", "buttock_pain", "improves_with_movement"];
        var referral = Triage(30, 200, four);
        referral.Disposition.ShouldBe(Disposition.Routine);
        referral.Flags.Select(f => f.Rule).ShouldContain("axial_spa_referral");

        Triage(30, 200, four[..3]).Flags.Where(f => f.Condition == "axial_spondyloarthritis").Select(f => f.Rule)
            .ShouldBe(["axial_spa_three_features"], "three features: HLA-B27 route, not referral");
        Triage(30, 200, four[..2]).Flags.Where(f => f.Condition == "axial_spondyloarthritis").ShouldBeEmpty();
        Triage(30, 60, four).Flags.Where(f => f.Condition == "axial_spondyloarthritis").ShouldBeEmpty("under 3 months");
        Triage(58, 200, four).Flags.Where(f => f.Condition == "axial_spondyloarthritis").ShouldBeEmpty("began after 45");
    }

    [Theory]
    [InlineData(62, 30, "persistent_pain_age_60")]
    [InlineData(30, 50, "no_improvement_six_weeks")]
    [InlineData(52, 30, "age_over_50_no_improvement")]
    [InlineData(17, 3, "age_under_20")]
    public void Age_and_duration_feed_the_rules(int age, int days, string rule)
    {
        var result = Triage(age, days);
        result.Disposition.ShouldBe(Disposition.Routine);
        result.Flags.Select(f => f.Rule).ShouldContain(rule);
        result.Flags.Single(f => f.Rule == rule).Code.ShouldBe(rule, "age/duration rules name themselves as the code");
    }

    [Fact]
    public void No_findings_in_a_recent_episode_is_self_care()
    {
        Triage(35, 7).Disposition.ShouldBe(Disposition.SelfCare);
    }

    [Fact]
    public void Flags_are_ordered_most_urgent_first_and_the_disposition_is_the_most_urgent()
    {
        var result = Triage(66, 60, "thoracic_pain", "fever", "saddle_numbness");
        result.Disposition.ShouldBe(Disposition.Emergency);
        result.Flags.Select(f => f.Urgency).ShouldBeInOrder(SortDirection.Ascending);
        result.Flags[0].Code.ShouldBe("saddle_numbness");
    }

    [Fact]
    public void Self_harm_thoughts_raise_a_crisis_even_alongside_other_flags()
    {
        var result = Triage(30, 5, "saddle_numbness", "self_harm_thoughts");
        result.Disposition.ShouldBe(Disposition.Emergency);
        result.Crisis.ShouldBeTrue();
    }

    [Fact]
    public void Unknown_codes_are_an_error_listing_them()
    {
        var outcome = TriageEngine.Evaluate(Evidence, new TriageInput(40, 5, ["saddle_numbness", "tingly_toes", "backache"]));
        outcome.Result.ShouldBeNull();
        var error = outcome.Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("findings");
        error.Message.ShouldStartWith("unknown code(s): tingly_toes, backache");
    }

    [Theory]
    [InlineData(-1, 5, "age")]
    [InlineData(150, 5, "age")]
    [InlineData(40, -3, "durationDays")]
    public void Impossible_age_or_duration_is_an_error(int age, int days, string field) =>
        TriageEngine.Evaluate(Evidence, new TriageInput(age, days, [])).Errors.ShouldHaveSingleItem().Field.ShouldBe(field);

    [Fact]
    public void Every_finding_code_from_the_public_interface_exists_with_question_and_label()
    {
        string[] codes =
        [
            "saddle_numbness", "new_urinary_retention", "new_urinary_incontinence", "new_bowel_incontinence", "new_sexual_dysfunction",
            "bilateral_sciatica", "bilateral_leg_weakness", "foot_drop", "progressive_leg_weakness", "leg_weakness", "leg_numbness",
            "sciatica", "fever", "iv_drug_use", "immunosuppression", "recent_infection", "recent_spinal_procedure", "history_of_cancer",
            "unexplained_weight_loss", "night_pain", "thoracic_pain", "major_trauma", "minor_trauma", "osteoporosis",
            "long_term_corticosteroids", "onset_before_35", "waking_second_half_of_night", "buttock_pain", "improves_with_movement",
            "improves_with_nsaids_48h", "family_history_spondyloarthritis", "arthritis_enthesitis_or_psoriasis",
            "pulsatile_abdominal_mass", "self_harm_thoughts", "past_or_current_arthritis", "past_or_current_enthesitis", "past_or_current_psoriasis",
        ];
        foreach (var code in codes)
        {
            var finding = Evidence.Finding(code).ShouldNotBeNull(code);
            finding.Question.ShouldEndWith("?");
            finding.Label.ShouldNotBeNullOrWhiteSpace();
        }
    }

    private static readonly string[] AllCodes = [.. Evidence.Findings.Select(f => f.Code)];

    private static Gen<(int Age, int Days, string[] Findings, string Extra)> Inputs =>
        from age in Gen.Choose(0, 120)
        from days in Gen.Choose(0, 2000)
        from findings in Gen.SubListOf(AllCodes)
        from extra in Gen.Elements(AllCodes)
        select (age, days, findings.ToArray(), extra);

    [Property(MaxTest = 1000)]
    public Property Adding_a_finding_never_lowers_urgency() =>
        Prop.ForAll(Arb.From(Inputs), x =>
        {
            var before = TriageEngine.Evaluate(Evidence, new TriageInput(x.Age, x.Days, [.. x.Findings])).Result!;
            var after = TriageEngine.Evaluate(Evidence, new TriageInput(x.Age, x.Days, [.. x.Findings.Append(x.Extra).Distinct()])).Result!;
            return after.Disposition <= before.Disposition && (!before.Crisis || after.Crisis);
        });

    [Property(MaxTest = 500)]
    public Property Every_output_flag_cites_a_known_source() =>
        Prop.ForAll(Arb.From(Inputs), x =>
        {
            var result = TriageEngine.Evaluate(Evidence, new TriageInput(x.Age, x.Days, [.. x.Findings])).Result!;
            return result.Flags.All(f => !f.Sources.IsEmpty && f.Sources.All(s => Evidence.Source(s) is not null))
                && result.Sources.All(s => Evidence.Source(s) is not null);
        });

    [Fact]
    public void Every_rule_can_fire_and_is_covered_by_a_table_case()
    {
        var covered = typeof(TriageEngineTests).GetMethod(nameof(Each_rule_gives_its_cited_urgency))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).First()[3]).ToHashSet();
        covered.UnionWith(["axial_spa_referral", "axial_spa_three_features", "persistent_pain_age_60", "no_improvement_six_weeks", "age_over_50_no_improvement", "age_under_20"]);
        Evidence.TriageRules.Select(r => r.Id).Except(covered).ShouldBeEmpty("rules without a table case");
    }

    /// <summary>NICE NG65 counts current or past arthritis, enthesitis and psoriasis as three separate criteria (clinical review, issue 11).</summary>
    [Fact]
    public void Arthritis_enthesitis_and_psoriasis_count_as_three_NG65_criteria()
    {
        ImmutableArray<string> Codes(params string[] codes) => [.. codes];
        TriageResult Triage(params string[] codes) => TriageEngine.Evaluate(Evidence, new TriageInput(30, 200, Codes(codes))).Result!;

        var four = Triage("past_or_current_arthritis", "past_or_current_enthesitis", "past_or_current_psoriasis", "buttock_pain");
        four.Flags.Select(f => f.Rule).ShouldContain("axial_spa_referral", "four separate criteria: refer");

        var three = Triage("past_or_current_arthritis", "past_or_current_enthesitis", "past_or_current_psoriasis");
        three.Flags.Select(f => f.Rule).ShouldContain("axial_spa_three_features");
        three.Flags.Select(f => f.Rule).ShouldNotContain("axial_spa_referral");
    }

    [Fact]
    public void The_retired_combined_code_is_still_accepted_counts_once_and_never_beside_its_replacements()
    {
        TriageResult Triage(params string[] codes) => TriageEngine.Evaluate(Evidence, new TriageInput(30, 200, [.. codes])).Result!;

        // Stored assessments: the old code still counts as one criterion.
        Triage("arthritis_enthesitis_or_psoriasis", "buttock_pain", "onset_before_35").Flags.Select(f => f.Rule).ShouldContain("axial_spa_three_features");
        // Old code plus a replacement plus one more: 3 criteria, not 4.
        var mixed = Triage("arthritis_enthesitis_or_psoriasis", "past_or_current_psoriasis", "buttock_pain", "onset_before_35");
        mixed.Flags.Select(f => f.Rule).ShouldNotContain("axial_spa_referral");
        mixed.Flags.Select(f => f.Rule).ShouldContain("axial_spa_three_features");
        Evidence.Finding("arthritis_enthesitis_or_psoriasis")!.IsSuperseded.ShouldBeTrue("the web form does not ask it any more");
    }

    [Fact]
    public void Urgency_tiers_that_are_the_teams_own_say_so_with_a_rationale()
    {
        foreach (var id in new[] { "suspected_aaa", "infection_with_neurology", "progressive_neurology", "self_harm" })
        {
            var rule = Evidence.TriageRules.Single(r => r.Id == id);
            rule.Basis.ShouldBe(StatementBasis.DesignRule, id);
            rule.Rationale.ShouldNotBeNullOrWhiteSpace(id);
        }

        // Finucane 2020 does not cover aortic aneurysm, and it leaves urgency to local pathways.
        Evidence.TriageRules.Single(r => r.Id == "suspected_aaa").Sources.ShouldNotContain("finucane_2020");
        Evidence.TriageRules.Single(r => r.Id == "major_trauma").Urgency.ShouldBe(Disposition.Emergency, "NHS advice: 999 or A&E after a serious accident");
    }
}
