using BackCare.Clinical.Medications;

namespace BackCare.Clinical.Tests.Medications;

public sealed class MedicationRecognizerTests
{
    private static readonly MedicationRecognizer Recognizer = MedicationRecognizer.Default;

    [Theory]
    [InlineData("diazepam", "diazepam", MatchKind.Exact)]
    [InlineData("valium 5 mg tablet", "diazepam", MatchKind.Brand)]
    [InlineData("OXYCONTIN 10mg", "oxycodone", MatchKind.Brand)]
    [InlineData("Tylenol", "acetaminophen", MatchKind.Brand)]
    [InlineData("paracetamol 500mg caplets", "acetaminophen", MatchKind.Exact)]
    [InlineData("Xanax 0.5mg", "alprazolam", MatchKind.Brand)]
    [InlineData("Xanax XR 1 mg", "alprazolam", MatchKind.Brand)]
    [InlineData("oxycodone hydrochloride 5 mg oral capsule", "oxycodone", MatchKind.Exact)]
    [InlineData("Tramadol HCl 50mg", "tramadol", MatchKind.Exact)]
    [InlineData("naproxen sodium 220 MG", "naproxen", MatchKind.Exact)]
    [InlineData("Zimovane 7.5mg", "zopiclone", MatchKind.Brand)]
    [InlineData("Co-codamol 30/500", "codeine", MatchKind.Brand)]
    [InlineData("St. John's Wort", "st_johns_wort", MatchKind.Exact)]
    [InlineData("methylene blue injection", "methylene_blue", MatchKind.Exact)]
    [InlineData("rifampin", "rifampicin", MatchKind.Exact)]
    [InlineData("Nurofen Express", "ibuprofen", MatchKind.Brand)]
    [InlineData("7804", "oxycodone", MatchKind.Code)]
    [InlineData("1298088", "flurazepam", MatchKind.Code)]
    [InlineData("834022", "ketorolac", MatchKind.Code)]
    public void Recognises_names_brands_salts_strengths_forms_and_codes(string input, string ingredient, MatchKind match)
    {
        var result = Recognizer.Recognize(input);
        result.Ingredient.ShouldBe(ingredient);
        result.Match.ShouldBe(match);
        result.Confidence.ShouldBe(1.0);
        result.Input.ShouldBe(input);
    }

    [Theory]
    [InlineData("Percocet 5/325", new[] { "oxycodone", "acetaminophen" })]
    [InlineData("co-codamol", new[] { "codeine", "acetaminophen" })]
    [InlineData("oxycodone and paracetamol", new[] { "oxycodone", "acetaminophen" })]
    [InlineData("1049625", new[] { "acetaminophen", "oxycodone" })]
    public void Combination_products_yield_every_ingredient(string input, string[] ingredients) =>
        Recognizer.Recognize(input).Ingredients.ShouldBe(ingredients, ignoreOrder: true);

    [Theory]
    [InlineData("Siazepam", "diazepam")]
    [InlineData("paracetomol", "paracetamol")]
    [InlineData("ibuprofin", "ibuprofen")]
    [InlineData("alprazolm", "alprazolam")]
    [InlineData("gabapentine", "gabapentin")]
    public void Typos_are_recognised_with_a_confidence_and_a_did_you_mean(string input, string suggestion)
    {
        var result = Recognizer.Recognize(input);
        result.Match.ShouldBe(MatchKind.Fuzzy);
        result.DidYouMean.ShouldBe(suggestion);
        result.Confidence.ShouldBeInRange(0.7, 0.99);
    }

    [Theory]
    [InlineData("frobnitol")]
    [InlineData("vitamin D")]
    [InlineData("")]
    [InlineData("999999999")]
    public void Unknown_names_are_reported_not_dropped(string input)
    {
        var result = Recognizer.Recognize(input);
        result.Match.ShouldBe(MatchKind.None);
        result.IsRecognized.ShouldBeFalse();
        result.Input.ShouldBe(input);
    }

    [Fact]
    public void A_coding_with_an_unknown_product_code_falls_back_to_its_display()
    {
        var result = Recognizer.FromCode("1111111", "1111111", "Diazepam 5 MG Oral Tablet");
        result.Ingredient.ShouldBe("diazepam");
        result.Match.ShouldBe(MatchKind.Code);
    }

    /// <summary>Clinical review (issue 11, item 13): an unconfirmed RxNorm code is never taken as certain.</summary>
    [Fact]
    public void A_confirmed_code_matches_with_full_confidence_and_an_unconfirmed_one_never_does()
    {
        var diazepam = Recognizer.FromCode("3322", "3322", null);
        diazepam.Ingredient.ShouldBe("diazepam");
        diazepam.Confidence.ShouldBe(1.0, "3322 was seen beside diazepam in the CPIC drug table");

        var alprazolam = Recognizer.FromCode("596", "596", null);
        alprazolam.Ingredient.ShouldBe("alprazolam", "still matched, so the safety checks run");
        alprazolam.Confidence.ShouldBe(0.5);
        alprazolam.MatchedName.ShouldNotBeNull().ShouldContain("not confirmed");

        var withDisplay = Recognizer.FromCode("596", "596", "Xanax 0.5 MG Oral Tablet");
        withDisplay.Ingredient.ShouldBe("alprazolam");
        withDisplay.Confidence.ShouldBe(1.0, "the display text decides");
    }

    [Fact]
    public void Every_checked_external_RxNorm_code_names_where_it_was_seen()
    {
        var drugs = BackCare.Clinical.Evidence.EmbeddedEvidence.Default.Drugs.Where(d => d.RxNorm is { Check: BackCare.Clinical.Evidence.CodeCheck.CheckedExternal }).ToList();
        drugs.Count.ShouldBeGreaterThanOrEqualTo(40);
        drugs.ShouldAllBe(d => d.RxNorm!.IsConfirmed && d.RxNorm.SeenIn!.Contains("commit"));
    }

    [Fact]
    public void An_engine_id_answered_from_its_table_is_what_the_full_path_gives()
    {
        // The recogniser answers its own drug ids from a table built at start; a leading space bypasses the table
        // (the input no longer equals an id) and takes the full path, which must agree.
        foreach (var drug in BackCare.Clinical.Evidence.EmbeddedEvidence.Default.Drugs)
        {
            var fromTable = Recognizer.Recognize(drug.Id);
            ReferenceEquals(fromTable, Recognizer.Recognize(drug.Id)).ShouldBeTrue($"{drug.Id} is answered from the table");
            var fullPath = Recognizer.Recognize(" " + drug.Id) with { Input = drug.Id };
            fromTable.ShouldBe(fullPath, drug.Id);
            fromTable.Ingredients.ShouldBe(fullPath.Ingredients, drug.Id);
        }
    }
}
