using BackCare.App.CdsHooks;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks.Tests;

/// <summary>Product codes mapped through an imported RxNorm release (tests/fixtures/rxnorm-sample, written for the purpose).</summary>
public sealed class RxNormImportTests(CdsHost host) : IClassFixture<CdsHost>
{
    private static string Sample => Path.Combine(Fixtures.Root, "tests", "fixtures", "rxnorm-sample");

    internal static IReadOnlyList<(string Product, string Ingredient, string Name)> ReadSample()
    {
        var (conso, rel) = RxNormRrf.Locate(Sample);
        using var c = new StreamReader(conso);
        using var r = new StreamReader(rel);
        return RxNormRrf.Read(c, r);
    }

    [Fact]
    public void The_sample_maps_each_product_to_its_ingredients_and_nothing_else()
    {
        ReadSample().ShouldBe(
        [
            ("197589", "3322", "diazepam"),
            ("9000010", "3322", "diazepam"),
            ("9000020", "161", "acetaminophen"),
            ("9000020", "7804", "oxycodone"),
            ("9000030", "9000031", "unobtainium"),
        ]);
    }

    [Fact]
    public async Task A_product_code_known_only_from_the_import_is_recognised_and_the_card_says_so()
    {
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<CdsHooksStore>().ReplaceRxNormMapAsync(ReadSample(), CancellationToken.None)).ShouldBe(5);
        }

        // A code with no display or text: only the imported release can say what it is.
        var draft = Requests.Med("MedicationRequest", "draft-z", "9000010", "x", status: "draft");
        var concept = draft["medicationCodeableConcept"]!.AsObject();
        concept.Remove("text");
        concept["coding"]![0]!.AsObject().Remove("display");
        var request = Requests.Hook("order-sign", Requests.Patient(70), [draft],
            [Requests.Med("MedicationRequest", "oxy", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet")], [Requests.LowBackPain()]);
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        cards.Select(CardTests.Rule).ShouldBe(["opioid_benzodiazepine", "guideline:benzodiazepines_for_back_pain", "beers_benzodiazepine"]);
        cards[0].GetProperty("detail").GetString()!.ShouldContain("→ diazepam, from RxNorm 9000010 in the imported RxNorm release");

        // A product whose ingredient BackCare does not know is reported, not ignored.
        var unknown = Requests.Med("MedicationRequest", "draft-u", "9000030", "unobtainium 10 MG Oral Tablet", status: "draft");
        var reported = await host.CardsAsync("backcare-order-sign", Requests.Hook("order-sign", Requests.Patient(40), [unknown], [], []).ToJsonString());
        CardTests.Rule(reported.ShouldHaveSingleItem()).ShouldBe("unrecognized");
    }

    [Fact]
    public async Task Every_code_of_a_long_list_is_looked_up_not_only_the_first_200()
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<CdsHooksStore>();
        await store.ReplaceRxNormMapAsync(ReadSample(), CancellationToken.None);

        // The known codes come after 250 unknown ones (a long medication history).
        string[] codes = [.. Enumerable.Range(0, 250).Select(i => (8_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)), "9000010", "9000020"];
        var found = await store.IngredientsAsync(codes, CancellationToken.None);

        found.Keys.Order(StringComparer.Ordinal).ShouldBe(["9000010", "9000020"]);
        found["9000020"].Select(i => i.Name).Order(StringComparer.Ordinal).ShouldBe(["acetaminophen", "oxycodone"]);
    }
}
