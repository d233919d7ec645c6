using System.Collections.Immutable;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;
using BackCare.Clinical.Medications;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace BackCare.Clinical.Tests.Medications;

/// <summary>Table tests per rule (from the cited labels and guidelines) and properties of the engine.</summary>
public sealed class MedicationCheckerTests
{
    private static readonly MedicationChecker Checker = MedicationChecker.Default;

    private static MedicationCheckInput Person(int? age = 40, bool pregnant = false, bool breastfeeding = false, bool alcohol = false,
        string? indication = null, string[]? conditions = null, params object[] medications) =>
        new(age, null, pregnant, breastfeeding, alcohol, indication, [.. conditions ?? []],
            [.. medications.Select(m => m switch
            {
                string s => new MedicationEntry(s, null, null),
                (string s, int w) => new MedicationEntry(s, null, w),
                MedicationEntry e => e,
                _ => throw new ArgumentException("bad medication"),
            })]);

    private static ImmutableArray<MedicationFinding> Findings(MedicationCheckInput input) => Checker.Check(input).Findings;

    private static MedicationFinding Rule(MedicationCheckInput input, string rule) =>
        Findings(input).Where(f => f.Rule == rule).ShouldHaveSingleItem($"expected rule {rule}");

    private static void NoRule(MedicationCheckInput input, string rule) =>
        Findings(input).ShouldNotContain(f => f.Rule == rule, $"rule {rule} should not fire");

    // Interactions (interactions.yaml): FDA 2016 / CDC 2022 rec 11 and the label pairs.
    [Theory]
    [InlineData("opioid_benzodiazepine", "major", "oxycodone", "diazepam")]
    [InlineData("opioid_benzodiazepine", "major", "Tramadol 50mg", "Ativan")]
    [InlineData("opioid_other_cns_depressant", "major", "morphine", "pregabalin")]
    [InlineData("opioid_other_cns_depressant", "major", "codeine", "zolpidem")]
    [InlineData("alprazolam_strong_cyp3a4_inhibitor", "critical", "alprazolam", "ketoconazole")]
    [InlineData("alprazolam_strong_cyp3a4_inhibitor", "critical", "Xanax", "clarithromycin")]
    [InlineData("trazodone_cyp3a4_inhibitor", "major", "trazodone", "itraconazole")]
    [InlineData("cyp3a4_inducer_opioid_or_benzodiazepine", "moderate", "rifampicin", "oxycodone")]
    [InlineData("maoi_serotonergic", "critical", "phenelzine", "sertraline")]
    [InlineData("maoi_serotonergic", "critical", "linezolid", "tramadol")]
    [InlineData("maoi_serotonergic", "critical", "methylene blue", "trazodone")]
    [InlineData("tramadol_serotonergic", "major", "tramadol", "fluoxetine")]
    [InlineData("serotonergic_combination", "moderate", "sertraline", "trazodone")]
    [InlineData("qt_combination", "major", "citalopram", "methadone")]
    [InlineData("nsaid_anticoagulant", "major", "ibuprofen", "warfarin")]
    [InlineData("nsaid_anticoagulant", "major", "naproxen", "apixaban")]
    [InlineData("nsaid_antiplatelet", "moderate", "diclofenac", "clopidogrel")]
    [InlineData("nsaid_ssri_snri", "major", "ibuprofen", "sertraline")]
    [InlineData("nsaid_corticosteroid", "moderate", "naproxen", "prednisone")]
    [InlineData("trazodone_bleeding", "moderate", "trazodone", "warfarin")]
    [InlineData("tizanidine_cyp1a2_inhibitor", "critical", "tizanidine", "ciprofloxacin")]
    [InlineData("carisoprodol_cns_depressant", "major", "Soma", "oxycodone")]
    [InlineData("opioid_strong_cyp3a4_inhibitor", "major", "oxycodone", "clarithromycin")]
    [InlineData("opioid_strong_cyp3a4_inhibitor", "major", "fentanyl", "ritonavir")]
    [InlineData("opioid_strong_cyp3a4_inhibitor", "major", "hydrocodone", "ketoconazole")]
    [InlineData("lithium_nsaid", "major", "lithium", "naproxen")]
    [InlineData("lithium_ace_inhibitor_arb", "major", "lithium", "lisinopril")]
    [InlineData("lithium_ace_inhibitor_arb", "major", "lithium", "losartan")]
    [InlineData("lithium_thiazide", "major", "lithium", "hydrochlorothiazide")]
    [InlineData("cyp3a4_inducer_protease_inhibitor", "critical", "rifampicin", "ritonavir")]
    [InlineData("opioid_maoi", "major", "fentanyl", "phenelzine")]
    [InlineData("cyp3a4_inducer_opioid_or_benzodiazepine", "moderate", "carbamazepine", "hydrocodone")]
    public void Each_interaction_rule_fires_for_its_pair(string rule, string severity, string first, string second)
    {
        var finding = Rule(Person(medications: [first, second]), rule);
        finding.Kind.ShouldBe(FindingKind.Interaction);
        EnumNames.ToSnake(finding.Severity).ShouldBe(severity);
        finding.Drugs.Length.ShouldBe(2);
        finding.Sources.ShouldNotBeEmpty();
        NoRule(Person(medications: [first]), rule);
    }

    [Fact]
    public void The_triple_whammy_needs_all_three()
    {
        Rule(Person(medications: ["ibuprofen", "lisinopril", "furosemide"]), "nsaid_raas_diuretic").Drugs.ShouldBe(["furosemide", "ibuprofen", "lisinopril"]);
        NoRule(Person(medications: ["ibuprofen", "lisinopril"]), "nsaid_raas_diuretic");
    }

    [Fact]
    public void Alcohol_counts_as_an_interacting_substance()
    {
        var finding = Rule(Person(alcohol: true, medications: ["zopiclone"]), "sedative_alcohol");
        finding.Drugs.ShouldBe(["alcohol", "zopiclone"]);
        NoRule(Person(alcohol: false, medications: ["zopiclone"]), "sedative_alcohol");
    }

    [Fact]
    public void A_single_drug_in_two_classes_does_not_interact_with_itself()
    {
        // Methadone is both serotonergic and QT-prolonging: alone it must not trigger pair rules.
        Findings(Person(medications: ["methadone"])).ShouldNotContain(f => f.Kind == FindingKind.Interaction);
    }

    [Fact]
    public void CNS_burden_of_three_is_moderate_under_65_and_a_major_Beers_finding_at_65()
    {
        string[] meds = ["oxycodone", "pregabalin", "sertraline"];
        Rule(Person(age: 50, medications: meds), "cns_burden").Severity.ShouldBe(Severity.Moderate);
        NoRule(Person(age: 50, medications: meds), "beers_cns_burden");
        Rule(Person(age: 70, medications: meds), "beers_cns_burden").Severity.ShouldBe(Severity.Major);
        NoRule(Person(age: 70, medications: meds[..2]), "beers_cns_burden");
    }

    [Theory]
    [InlineData("duplicate_benzodiazepine", "diazepam", "lorazepam")]
    [InlineData("duplicate_nsaid", "ibuprofen", "naproxen")]
    [InlineData("duplicate_serotonergic_antidepressant", "sertraline", "amitriptyline")]
    public void Duplicate_therapy_is_flagged(string rule, string first, string second) =>
        Rule(Person(medications: [first, second]), rule).Kind.ShouldBe(FindingKind.Duplication);

    [Fact]
    public void Aspirin_does_not_count_as_a_second_NSAID()
    {
        NoRule(Person(medications: ["aspirin", "ibuprofen"]), "duplicate_nsaid");
        Rule(Person(medications: ["aspirin", "ibuprofen"]), "nsaid_antiplatelet");
    }

    [Theory]
    [InlineData("diazepam", "myasthenia_gravis", "diazepam_contraindicated_conditions", "critical")]
    [InlineData("zolpidem", "sleep_apnea", "z_drug_contraindicated_conditions", "critical")]
    [InlineData("lorazepam", "copd", "benzodiazepine_breathing", "major")]
    [InlineData("oxycodone", "sleep_apnea", "opioid_breathing", "major")]
    [InlineData("morphine", "severe_respiratory_insufficiency", "opioid_respiratory_failure", "critical")]
    [InlineData("pregabalin", "copd", "gabapentinoid_respiratory_risk", "major")]
    [InlineData("naproxen", "gi_bleed_history", "nsaid_gi", "major")]
    [InlineData("ibuprofen", "heart_failure", "nsaid_heart_failure", "major")]
    [InlineData("diclofenac", "kidney_disease", "nsaid_kidney", "major")]
    [InlineData("duloxetine", "hepatic_impairment", "duloxetine_liver", "critical")]
    [InlineData("cyclobenzaprine", "heart_failure", "cyclobenzaprine_heart", "critical")]
    [InlineData("citalopram", "long_qt", "citalopram_long_qt", "critical")]
    [InlineData("trazodone", "long_qt", "trazodone_conditions", "major")]
    [InlineData("amitriptyline", "narrow_angle_glaucoma", "tca_conditions", "major")]
    [InlineData("baclofen", "kidney_disease", "baclofen_kidney", "major")]
    [InlineData("alprazolam", "alcohol_use_disorder", "sedative_dependence_history", "major")]
    [InlineData("temazepam", "dementia", "sedatives_dementia_falls", "major")]
    [InlineData("acetaminophen", "severe_hepatic_impairment", "paracetamol_liver", "major")]
    public void Contraindications_and_cautions_match_conditions(string drug, string condition, string rule, string severity)
    {
        var finding = Rule(Person(conditions: [condition], medications: [drug]), rule);
        finding.Kind.ShouldBe(FindingKind.Contraindication);
        EnumNames.ToSnake(finding.Severity).ShouldBe(severity);
        finding.Detail.ShouldContain("Reported:");
        NoRule(Person(medications: [drug]), rule);
    }

    [Theory]
    [InlineData("ibuprofen", "nsaid_pregnancy", "major")]
    [InlineData("oxycodone", "opioid_pregnancy", "major")]
    [InlineData("diazepam", "benzodiazepine_pregnancy", "major")]
    [InlineData("sertraline", "ssri_pregnancy", "moderate")]
    [InlineData("trazodone", "trazodone_pregnancy", "info")]
    [InlineData("pregabalin", "pregabalin_pregnancy", "moderate")]
    public void Pregnancy_rules_apply_only_when_pregnant(string drug, string rule, string severity)
    {
        var finding = Rule(Person(pregnant: true, medications: [drug]), rule);
        finding.Kind.ShouldBe(FindingKind.Pregnancy);
        EnumNames.ToSnake(finding.Severity).ShouldBe(severity);
        NoRule(Person(pregnant: false, medications: [drug]), rule);
    }

    [Theory]
    [InlineData("codeine", "codeine_tramadol_breastfeeding", "critical")]
    [InlineData("tramadol", "codeine_tramadol_breastfeeding", "critical")]
    [InlineData("trazodone", "trazodone_breastfeeding", "info")]
    [InlineData("diazepam", "diazepam_breastfeeding", "major")]
    [InlineData("alprazolam", "benzodiazepine_breastfeeding", "moderate")]
    [InlineData("zolpidem", "z_drug_breastfeeding", "moderate")]
    [InlineData("zopiclone", "zopiclone_breastfeeding", "major")]
    [InlineData("oxycodone", "opioid_breastfeeding", "moderate")]
    [InlineData("lithium", "lithium_breastfeeding", "major")]
    [InlineData("cyclobenzaprine", "muscle_relaxant_breastfeeding", "moderate")]
    [InlineData("gabapentin", "gabapentin_breastfeeding", "info")]
    [InlineData("ibuprofen", "nsaid_breastfeeding", "info")]
    [InlineData("naproxen", "nsaid_long_acting_breastfeeding", "minor")]
    [InlineData("paracetamol", "paracetamol_breastfeeding", "info")]
    public void Lactation_rules_apply_only_when_breastfeeding(string drug, string rule, string severity)
    {
        EnumNames.ToSnake(Rule(Person(breastfeeding: true, medications: [drug]), rule).Severity).ShouldBe(severity);
        NoRule(Person(medications: [drug]), rule);
    }

    /// <summary>Clinical review (issue 11): every benzodiazepine and Z-drug has a cited lactation finding of at least moderate severity, once.</summary>
    [Fact]
    public void Every_benzodiazepine_and_z_drug_has_a_cited_lactation_finding_of_at_least_moderate_severity()
    {
        var sedatives = EmbeddedEvidence.Default.Drugs.Where(d => d.AllClasses.Contains("benzodiazepine") || d.AllClasses.Contains("z_drug")).ToList();
        sedatives.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var drug in sedatives)
        {
            var lactation = Findings(Person(age: 30, breastfeeding: true, medications: [drug.Name])).Where(f => f.Kind == FindingKind.Lactation).ToList();
            var finding = lactation.ShouldHaveSingleItem(drug.Id);
            ((int)finding.Severity).ShouldBeLessThanOrEqualTo((int)Severity.Moderate, drug.Id);
            finding.Sources.ShouldNotBeEmpty(drug.Id);
        }
    }

    /// <summary>No lactation finding for anyone who is not breastfeeding, whatever the medicine; and no medicine gets two.</summary>
    [Fact]
    public void Lactation_findings_appear_only_when_breastfeeding_and_at_most_once_per_medicine()
    {
        foreach (var drug in EmbeddedEvidence.Default.Drugs.Where(d => d.Id != "alcohol"))
        {
            Findings(Person(age: 30, medications: [drug.Name])).ShouldNotContain(f => f.Kind == FindingKind.Lactation, drug.Id);
            Findings(Person(age: 30, pregnant: true, medications: [drug.Name])).ShouldNotContain(f => f.Kind == FindingKind.Lactation, drug.Id);
            Findings(Person(age: 30, breastfeeding: true, medications: [drug.Name])).Count(f => f.Kind == FindingKind.Lactation).ShouldBeLessThanOrEqualTo(1, drug.Id);
        }
    }

    [Theory]
    [InlineData("diazepam", 6, 4, "benzodiazepine_duration")]
    [InlineData("zolpidem", 8, 4, "z_drug_duration")]
    [InlineData("cyclobenzaprine", 4, 3, "muscle_relaxant_duration")]
    [InlineData("oxycodone", 2, 1, "opioid_duration")]
    public void Duration_beyond_the_recommended_limit_is_flagged(string drug, int weeks, int limit, string rule)
    {
        Rule(Person(medications: [(drug, weeks)]), rule).Kind.ShouldBe(FindingKind.Duration);
        NoRule(Person(medications: [(drug, limit)]), rule);
        NoRule(Person(medications: [drug]), rule);
    }

    [Theory]
    [InlineData("lorazepam", "beers_benzodiazepine")]
    [InlineData("zolpidem", "beers_z_drug")]
    [InlineData("cyclobenzaprine", "beers_muscle_relaxant")]
    [InlineData("amitriptyline", "beers_tca")]
    [InlineData("diphenhydramine", "beers_antihistamine")]
    [InlineData("naproxen", "beers_nsaid")]
    public void Beers_items_apply_from_65(string drug, string rule)
    {
        Rule(Person(age: 65, medications: [drug]), rule).Kind.ShouldBe(FindingKind.Beers);
        NoRule(Person(age: 64, medications: [drug]), rule);
        NoRule(Person(age: null, medications: [drug]), rule);
    }

    [Fact]
    public void Boxed_warnings_benzodiazepine_always_and_antidepressant_under_25()
    {
        Rule(Person(medications: ["clonazepam"]), "benzodiazepine_boxed_warning").Kind.ShouldBe(FindingKind.BoxedWarning);
        Rule(Person(age: 22, medications: ["trazodone"]), "antidepressant_young_people").Severity.ShouldBe(Severity.Major);
        NoRule(Person(age: 25, medications: ["trazodone"]), "antidepressant_young_people");
    }

    [Fact]
    public void Guideline_concordance_for_low_back_pain_says_against_and_where_guidelines_disagree()
    {
        var benzo = Rule(Person(indication: "low_back_pain", medications: ["diazepam"]), "guideline:benzodiazepines_for_back_pain");
        benzo.Kind.ShouldBe(FindingKind.Guideline);
        benzo.Severity.ShouldBe(Severity.Moderate);
        benzo.Sources.ShouldContain("friedman_2017");

        var duloxetine = Rule(Person(indication: "low_back_pain", medications: ["duloxetine"]), "guideline:duloxetine_for_back_pain");
        duloxetine.Summary.ShouldContain("Guidelines disagree");
        duloxetine.Detail.ShouldContain("ACP");
        duloxetine.Detail.ShouldContain("NICE");

        var paracetamol = Rule(Person(indication: "low_back_pain", medications: ["Tylenol"]), "guideline:paracetamol_alone");
        paracetamol.Severity.ShouldBe(Severity.Moderate);

        var nsaid = Rule(Person(indication: "low_back_pain", medications: ["naproxen"]), "guideline:nsaids");
        nsaid.Severity.ShouldBe(Severity.Info);

        Rule(Person(indication: "low_back_pain", medications: ["trazodone"]), "guideline:trazodone_for_back_pain").Severity.ShouldBe(Severity.Moderate);
        Findings(Person(indication: null, medications: ["diazepam"])).ShouldNotContain(f => f.Kind == FindingKind.Guideline);
    }

    [Fact]
    public void Unrecognised_entries_become_findings_and_are_kept_in_the_list()
    {
        var result = Checker.Check(Person(medications: ["frobnitol", "diazepam"]));
        result.Medications.Length.ShouldBe(2);
        result.Medications[0].Recognized.Match.ShouldBe(MatchKind.None);
        var finding = result.Findings.Single(f => f.Kind == FindingKind.Unrecognized);
        finding.Summary.ShouldContain("frobnitol");
    }

    [Fact]
    public void The_issue_example_profile_produces_the_expected_findings_sorted_by_severity()
    {
        var input = Person(age: 72, alcohol: true, indication: "low_back_pain", conditions: ["sleep_apnea"],
            medications: ["Xanax 0.5mg", ("oxycodone", 6)]);
        var findings = Findings(input);
        findings.Select(f => f.Rule).ShouldContain("opioid_benzodiazepine");
        findings.Select(f => f.Rule).ShouldContain("sedative_alcohol");
        findings.Select(f => f.Rule).ShouldContain("beers_benzodiazepine");
        findings.Select(f => f.Rule).ShouldContain("opioid_duration");
        findings.Select(f => f.Rule).ShouldContain("guideline:benzodiazepines_for_back_pain");
        findings.Select(f => f.Severity).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public void Unknown_conditions_and_bad_values_are_input_errors_naming_the_field()
    {
        var errors = Checker.Validate(Person(age: 200, indication: "migraine", conditions: ["sleep_apnea", "hiccups"], medications: [(string)"x"]));
        errors.Select(e => e.Field).ShouldBe(["conditions[1]", "age", "indication"]);
        errors[0].Message.ShouldContain("hiccups");
    }

    [Fact]
    public void No_patient_wording_tells_anyone_to_start_stop_or_change_a_medicine()
    {
        var evidence = EmbeddedEvidence.Default;
        var texts = evidence.MedicationRules.SelectMany(r => new[] { r.Summary, r.Advice })
            .Concat(evidence.Interactions.SelectMany(r => new[] { r.Summary, r.Advice }));
        foreach (var text in texts) TextChecks.FindMedicineInstruction(text).ShouldBeNull(text);
        TextChecks.FindMedicineInstruction("Stop taking diazepam now.").ShouldNotBeNull();
        TextChecks.FindMedicineInstruction("Do not stop taking it suddenly.").ShouldBeNull();
    }

    // --- Properties -------------------------------------------------------------------------

    private static readonly string[] Names =
    [
        "diazepam", "Xanax", "oxycodone", "tramadol", "sertraline", "trazodone", "ibuprofen", "naproxen", "warfarin",
        "lisinopril", "furosemide", "pregabalin", "zolpidem", "phenelzine", "ketoconazole", "citalopram", "methadone",
        "cyclobenzaprine", "prednisone", "Tylenol", "duloxetine", "amitriptyline", "linezolid", "frobnitol",
    ];

    private static readonly string[] ConditionCodes = ["sleep_apnea", "copd", "kidney_disease", "long_qt", "falls_history", "dementia", "gi_bleed_history"];

    private static Gen<MedicationCheckInput> Inputs =>
        from meds in Gen.SubListOf(Names)
        from age in Gen.Choose(16, 95)
        from pregnant in Gen.Elements(true, false)
        from alcohol in Gen.Elements(true, false)
        from lbp in Gen.Elements(true, false)
        from conditions in Gen.SubListOf(ConditionCodes)
        from weeks in Gen.ArrayOf(Gen.Choose(0, 12), meds.Count)
        select new MedicationCheckInput(age, null, pregnant, false, alcohol, lbp ? "low_back_pain" : null, [.. conditions],
            [.. meds.Select((m, i) => new MedicationEntry(m, null, weeks[i]))]);

    private static string Key(MedicationFinding f) => $"{f.Rule}|{f.Severity}|{string.Join(",", f.Drugs)}|{f.Summary}";

    [Property(MaxTest = 300)]
    public Property The_order_of_the_medication_list_never_changes_the_findings() =>
        Prop.ForAll(Arb.From(from input in Inputs from seed in Gen.Choose(0, 1000) select (input, seed)), x =>
        {
            var shuffled = x.input with { Medications = [.. x.input.Medications.OrderBy(m => (m.Name!.GetHashCode(StringComparison.Ordinal) ^ x.seed) & 0xffff)] };
            return Findings(x.input).Select(Key).SequenceEqual(Findings(shuffled).Select(Key));
        });

    [Property(MaxTest = 300)]
    public Property Adding_a_drug_never_removes_a_finding_about_the_others() =>
        Prop.ForAll(Arb.From(from input in Inputs from extra in Gen.Elements(Names) select (input, extra)), x =>
        {
            var before = Findings(x.input);
            var after = Findings(x.input with { Medications = x.input.Medications.Add(new MedicationEntry(x.extra, null, 0)) });
            return before.All(b => after.Any(a => a.Rule == b.Rule && a.Kind == b.Kind && b.Drugs.All(a.Drugs.Contains)));
        });

    /// <summary>
    /// Clinical review (issue 11): methadone and buprenorphine are also treatment for opioid use disorder, so the
    /// acute-pain duration and the pregnancy withdrawal findings do not fire on them, and nothing reads as "stop".
    /// </summary>
    [Theory]
    [InlineData("methadone")]
    [InlineData("buprenorphine")]
    [InlineData("Suboxone")]
    public void Opioid_use_disorder_treatment_is_never_told_it_is_too_long_or_to_stop(string drug)
    {
        NoRule(Person(medications: [(drug, 52)]), "opioid_duration");
        NoRule(Person(age: 30, pregnant: true, medications: [drug]), "opioid_pregnancy");
        Rule(Person(age: 30, pregnant: true, medications: [drug]), "moud_pregnancy").Severity.ShouldBe(Severity.Info);
        Rule(Person(age: 30, breastfeeding: true, medications: [drug]), "moud_breastfeeding").Sources.ShouldContain("sps_opioid_dependence");
        foreach (var input in new[] { Person(age: 30, pregnant: true, medications: [(drug, 52)]), Person(age: 30, breastfeeding: true, medications: [(drug, 52)]) })
        {
            foreach (var finding in Findings(input))
            {
                (finding.Summary + " " + finding.Advice).ShouldNotMatch(@"(?i)\b(stop|stopping|reduce|cut down|taper|rarely needed)\b", finding.Rule);
            }
        }

        Rule(Person(medications: [("oxycodone", 2)]), "opioid_duration").Kind.ShouldBe(FindingKind.Duration);
    }
}
