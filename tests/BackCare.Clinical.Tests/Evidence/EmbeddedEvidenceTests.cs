using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Clinical.Tests.Evidence;

public sealed class EmbeddedEvidenceTests
{
    private static readonly EvidenceBase Base = EmbeddedEvidence.Default;

    [Fact]
    public void The_embedded_evidence_base_validates_with_no_problems()
    {
        var result = EmbeddedEvidence.Load();
        result.Problems.ShouldBeEmpty(string.Join(Environment.NewLine, result.Problems));
        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void It_holds_at_least_60_drugs_and_40_sources()
    {
        Base.Drugs.Length.ShouldBeGreaterThanOrEqualTo(60);
        Base.Sources.Length.ShouldBeGreaterThanOrEqualTo(40);
    }

    public static TheoryData<string> SeedDrugs => new(
        "alprazolam", "diazepam", "lorazepam", "clonazepam", "temazepam", "chlordiazepoxide", "oxazepam", "flurazepam",
        "zolpidem", "zopiclone", "eszopiclone", "zaleplon", "trazodone", "mirtazapine", "sertraline", "fluoxetine",
        "paroxetine", "citalopram", "escitalopram", "duloxetine", "venlafaxine", "amitriptyline", "nortriptyline",
        "phenelzine", "tranylcypromine", "isocarboxazid", "selegiline", "linezolid", "methylene_blue", "tramadol",
        "tapentadol", "codeine", "hydrocodone", "oxycodone", "morphine", "hydromorphone", "fentanyl", "methadone",
        "buprenorphine", "gabapentin", "pregabalin", "cyclobenzaprine", "methocarbamol", "tizanidine", "baclofen",
        "carisoprodol", "metaxalone", "orphenadrine", "chlorzoxazone", "ibuprofen", "naproxen", "diclofenac", "celecoxib",
        "meloxicam", "aspirin", "ketorolac", "etoricoxib", "acetaminophen", "prednisone", "diphenhydramine", "hydroxyzine",
        "promethazine", "ketoconazole", "itraconazole", "voriconazole", "clarithromycin", "ritonavir", "rifampicin",
        "carbamazepine", "phenytoin", "st_johns_wort", "warfarin", "apixaban", "rivaroxaban", "clopidogrel", "lisinopril",
        "ramipril", "losartan", "furosemide", "hydrochlorothiazide", "ondansetron", "amiodarone", "lithium", "alcohol");

    [Theory]
    [MemberData(nameof(SeedDrugs))]
    public void Every_seed_named_drug_has_a_monograph_with_classes(string id)
    {
        var drug = Base.DrugById(id).ShouldNotBeNull();
        drug.AllClasses.ShouldNotBeEmpty();
        var monograph = Base.Monograph(drug);
        monograph.Summary.Concat(monograph.Mechanism).ShouldNotBeEmpty($"{id} has neither a summary nor a mechanism, own or inherited");
    }

    public static TheoryData<string> SeedInterventions => new(
        "education_reassurance", "stay_active", "structured_exercise", "walking", "yoga", "pilates", "tai_chi",
        "physiotherapy", "massage", "spinal_manipulation", "acupuncture", "superficial_heat", "cold", "cbt", "mbsr",
        "progressive_relaxation", "mindfulness", "operant_therapy", "multidisciplinary_rehabilitation", "weight_management",
        "posture_lifting_advice", "sleep_routine", "tens", "traction", "lumbar_supports", "injections", "surgery",
        "nsaids", "paracetamol_alone", "opioids", "benzodiazepines_for_back_pain", "trazodone_for_back_pain",
        "antidepressants_for_back_pain", "gabapentinoids_for_back_pain", "skeletal_muscle_relaxants");

    [Theory]
    [MemberData(nameof(SeedInterventions))]
    public void Every_seed_named_intervention_has_a_guideline_position(string id)
    {
        var intervention = Base.Find(id).ShouldBeOfType<Intervention>();
        intervention.Recommendations.ShouldNotBeEmpty();
    }

    public static TheoryData<string> SeedTechniques => new(
        "diaphragmatic_breathing", "paced_breathing", "box_breathing", "breathing_4_7_8", "progressive_muscle_relaxation",
        "body_scan", "mindful_activity", "guided_imagery", "cat_camel", "pelvic_tilt", "knee_to_chest", "bridge", "bird_dog",
        "walking_programme", "gentle_yoga", "heat_wrap", "cold_pack", "sleep_routine_guide");

    [Theory]
    [MemberData(nameof(SeedTechniques))]
    public void Every_seed_named_technique_has_steps_and_evidence(string id)
    {
        var technique = Base.Find(id).ShouldBeOfType<Technique>();
        technique.Steps.ShouldNotBeEmpty();
        technique.Evidence.Sources.ShouldNotBeEmpty();
    }

    public static TheoryData<string> SeedSources => new(
        "nice_ng59", "acp_2017", "who_2023_cplbp", "lancet_2018_foster", "friedman_2017", "goodkin_1990", "cashin_2021",
        "williams_2014_pace", "costa_2012", "henschke_2008", "ostelo_2008", "finucane_2020", "nice_ng65", "nice_ng12",
        "hill_2008", "hill_2011", "krebs_2009", "spitzer_2006", "kroenke_2001", "roland_morris_1983", "cherkin_2016",
        "hayden_2021", "hall_2011", "sherman_2011", "saper_2017", "ags_beers_2023", "fda_2016_opioid_benzo",
        "fda_2020_benzo_boxed", "cdc_2022_opioids", "xanax_pi", "diazepam_smpc_uk", "trazodone_pi");

    [Theory]
    [MemberData(nameof(SeedSources))]
    public void Every_seed_named_source_is_present(string id) => Base.Source(id).ShouldNotBeNull();

    [Fact]
    public void Diazepam_cites_Friedman_2017_and_says_what_it_found()
    {
        var monograph = Base.Monograph(Base.DrugById("diazepam")!);
        monograph.SourceIds.ShouldContain("friedman_2017");
        Base.Source("friedman_2017")!.Pmid.ShouldBe("28187918");
        var finding = monograph.BackPain.Single(s => s.Statement.Sources.Contains("friedman_2017"));
        finding.Statement.Text.ShouldContain("no extra benefit");
    }

    [Fact]
    public void Alprazolam_says_no_trial_in_back_pain_was_found()
    {
        var monograph = Base.Monograph(Base.DrugById("alprazolam")!);
        monograph.BackPain.ShouldContain(s => s.From == "alprazolam" && s.Statement.Text.Contains("No randomised trial of alprazolam for back pain was found"));
    }

    [Fact]
    public void A_drug_inherits_its_class_statements_and_boxed_warnings()
    {
        var monograph = Base.Monograph(Base.DrugById("lorazepam")!);
        monograph.BoxedWarnings.Select(b => b.From).ShouldContain("benzodiazepine");
        monograph.OlderAdults.ShouldContain(s => s.Statement.Sources.Contains("ags_beers_2023"));
        monograph.Interactions.Select(i => i.Id).ShouldContain("opioid_benzodiazepine");
        monograph.MaxDuration!.Duration.Weeks.ShouldBe(4);
    }

    [Theory]
    [InlineData("Valium", "diazepam")]
    [InlineData("XANAX", "alprazolam")]
    [InlineData("Tylenol", "acetaminophen")]
    [InlineData("paracetamol", "acetaminophen")]
    [InlineData("rifampin", "rifampicin")]
    [InlineData("Zimovane", "zopiclone")]
    public void Drugs_are_found_by_generic_name_synonym_or_brand_ignoring_case(string name, string id) =>
        Base.DrugByName(name)!.Id.ShouldBe(id);

    [Fact]
    public void Drugs_are_indexed_by_class_atc_and_rxnorm()
    {
        Base.DrugsInClass("benzodiazepine").Select(d => d.Id).ShouldContain("diazepam");
        Base.DrugsInClass("cns_depressant").Select(d => d.Id).ShouldContain("alcohol");
        Base.DrugByAtc("N05BA12")!.Id.ShouldBe("alprazolam");
        Base.DrugByRxNorm("7804")!.Id.ShouldBe("oxycodone");
    }

    [Fact]
    public void Every_statement_and_rule_cites_a_known_source_and_every_source_is_cited()
    {
        var cited = new HashSet<string>();
        void Add(IEnumerable<string> ids) { foreach (var id in ids) cited.Add(id); }
        foreach (var d in Base.Drugs) foreach (var s in d.Sections.AllStatements()) { s.Sources.ShouldNotBeEmpty(); Add(s.Sources); }
        foreach (var c in Base.Classes) foreach (var s in c.Sections.AllStatements()) { s.Sources.ShouldNotBeEmpty(); Add(s.Sources); }
        foreach (var i in Base.Interactions) { i.Sources.ShouldNotBeEmpty(); Add(i.Sources); }
        foreach (var i in Base.Interventions)
        {
            Add(i.Summary.Sources);
            foreach (var r in i.Recommendations) { r.Statement.Sources.ShouldNotBeEmpty(); Add(r.Statement.Sources); cited.Add(r.Guideline); }
        }

        foreach (var t in Base.Techniques) { t.Sources.ShouldNotBeEmpty(); Add(t.Sources); Add(t.Evidence.Sources); }
        foreach (var t in Base.Topics) foreach (var s in t.Sections) { s.Sources.ShouldNotBeEmpty(); Add(s.Sources); }
        foreach (var m in Base.Myths) { m.Explanation.Sources.ShouldNotBeEmpty(); Add(m.Explanation.Sources); }
        foreach (var r in Base.MedicationRules) { r.Sources.ShouldNotBeEmpty(r.Id); Add(r.Sources); }
        foreach (var f in Base.Findings) { f.Sources.ShouldNotBeEmpty(f.Code); Add(f.Sources); }
        foreach (var r in Base.TriageRules) { r.Sources.ShouldNotBeEmpty(r.Id); Add(r.Sources); }
        foreach (var d in Base.Dispositions) Add(d.Advice.Sources);
        foreach (var i in Base.Instruments) Add(i.Description.Sources);
        foreach (var p in Base.PlanSteps) Add(p.Detail.Sources);
        foreach (var c in Base.RecoveryCurves) Add(c.Sources);
        foreach (var m in Base.ProgressSettings!.Messages.Values) { (m.Sources.Length > 0 || m.Basis == StatementBasis.DesignRule).ShouldBeTrue(m.Text); Add(m.Sources); }
        foreach (var c in Base.Claims) { c.Statement.Sources.ShouldNotBeEmpty(c.Id); Add(c.Statement.Sources); }

        cited.ShouldAllBe(id => Base.Source(id) != null);
        Base.Sources.Select(s => s.Id).Except(cited).ShouldBeEmpty("these sources are never cited");
    }

    [Fact]
    public void No_text_anywhere_contains_a_dose()
    {
        // products.yaml holds RxNorm product names as published (with strengths); they are codes, not statements.
        foreach (var file in EmbeddedEvidence.Files().Where(f => f.Path != "data/products.yaml"))
        {
            foreach (var line in file.Content.Split('\n').Where(l => !l.TrimStart().StartsWith('#')))
            {
                TextChecks.FindDosing(line).ShouldBeNull($"{file.Path}: {line.Trim()}");
            }
        }
    }
}

public sealed class CodeVerificationTests
{
    [Fact]
    public void Every_code_marked_verified_appears_beside_its_ingredient_in_the_shipped_file()
    {
        var verified = EmbeddedEvidence.Default.Drugs.Where(d => d.RxNorm is { IsVerified: true }).ToList();
        verified.ShouldNotBeEmpty();
        foreach (var drug in verified)
        {
            var path = Path.Combine(RepoPaths.Fixtures, drug.RxNorm!.SeenIn!);
            File.Exists(path).ShouldBeTrue($"{drug.Id}: {path} is missing");
            var text = File.ReadAllText(path);
            var pattern = $"\"code\"\\s*:\\s*\"{drug.RxNorm.Code}\"\\s*,\\s*\"display\"\\s*:\\s*\"[^\"]*{drug.Name}";
            System.Text.RegularExpressions.Regex.IsMatch(text, pattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase)
                .ShouldBeTrue($"{drug.Id}: code {drug.RxNorm.Code} with display '{drug.Name}' not found in {drug.RxNorm.SeenIn}");
        }
    }

    [Fact]
    public void Codes_not_checked_against_a_shipped_file_are_not_marked_verified()
    {
        foreach (var drug in EmbeddedEvidence.Default.Drugs.Where(d => d.RxNorm is not null))
        {
            (drug.RxNorm!.IsVerified == (drug.RxNorm.Check == CodeCheck.VerifiedShipped)).ShouldBeTrue();
            if (drug.RxNorm.IsVerified) drug.RxNorm.SeenIn.ShouldNotBeNullOrWhiteSpace();
        }
    }
}
