using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks.Tests;

/// <summary>The cards a prescriber reads, from signed requests over HTTP.</summary>
public sealed class CardTests(CdsHost host) : IClassFixture<CdsHost>
{
    [Fact]
    [Requirement("74", "80", "83", "85", "87", "88", "90", "105", "107", "115", "216", "217", "218", "220")]
    public async Task Diazepam_for_a_70_year_old_with_low_back_pain_who_takes_oxycodone_gets_the_three_cards_in_order()
    {
        var cards = await host.CardsAsync("backcare-order-sign", Requests.WorkedCase().ToJsonString());
        cards.Select(Rule).ShouldBe(["opioid_benzodiazepine", "guideline:benzodiazepines_for_back_pain", "beers_benzodiazepine"]);
        cards.Select(c => c.GetProperty("indicator").GetString()).ShouldBe(["critical", "warning", "warning"]);
        foreach (var card in cards)
        {
            Guid.TryParse(card.GetProperty("uuid").GetString(), out _).ShouldBeTrue();
            card.GetProperty("summary").GetString()!.Length.ShouldBeLessThan(140);
            var detail = card.GetProperty("detail").GetString()!;
            detail.ShouldContain("**Sources**");
            detail.ShouldContain("diazepam 5 MG Oral Tablet (draft order) → diazepam, from the medication name as written");
            var source = card.GetProperty("source");
            source.GetProperty("label").GetString().ShouldStartWith("BackCare");
            Uri.TryCreate(source.GetProperty("url").GetString(), UriKind.Absolute, out var url).ShouldBeTrue();
            url!.AbsolutePath.ShouldStartWith("/cds-hooks/rules/");
            source.GetProperty("topic").GetProperty("system").GetString().ShouldBe("urn:backcare:cds:rule");
        }

        cards[0].GetProperty("detail").GetString()!.ShouldContain("FDA");
        cards[0].GetProperty("detail").GetString()!.ShouldContain("12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet (current) → oxycodone, from RxNorm product code 1049502 (data/products.yaml)");
        var guideline = cards[1].GetProperty("detail").GetString()!;
        guideline.ShouldContain("NICE NG59");
        guideline.ShouldContain("**What the guidelines do recommend");
        guideline.ShouldContain("NSAIDs");
        cards[2].GetProperty("detail").GetString()!.ShouldContain("Beers");
    }

    [Fact]
    [Requirement("92", "93", "95", "96", "98", "100", "117", "119", "124", "125", "127", "128", "133", "134", "135", "136", "219")]
    public async Task Each_card_offers_one_delete_suggestion_for_the_draft_order_and_coded_override_reasons()
    {
        var cards = await host.CardsAsync("backcare-order-sign", Requests.WorkedCase().ToJsonString());
        foreach (var card in cards)
        {
            var suggestion = card.GetProperty("suggestions").EnumerateArray().ShouldHaveSingleItem();
            card.GetProperty("selectionBehavior").GetString().ShouldBe("at-most-one");
            suggestion.GetProperty("label").GetString()!.ShouldNotBeNullOrWhiteSpace();
            Guid.TryParse(suggestion.GetProperty("uuid").GetString(), out _).ShouldBeTrue();
            var action = suggestion.GetProperty("actions").EnumerateArray().ShouldHaveSingleItem();
            action.GetProperty("type").GetString().ShouldBe("delete");
            action.GetProperty("resourceId").GetString().ShouldBe("MedicationRequest/draft-diazepam");
            action.GetProperty("description").GetString()!.ShouldNotBeNullOrWhiteSpace();
            action.TryGetProperty("resource", out _).ShouldBeFalse();
            var reasons = card.GetProperty("overrideReasons").EnumerateArray().ToList();
            reasons.Count.ShouldBeGreaterThan(0);
            reasons.ShouldAllBe(r => r.GetProperty("system").GetString() == "urn:backcare:cds:override-reason" && r.GetProperty("display").GetString()!.Length > 0 && r.GetProperty("code").GetString()!.Length > 0);
        }
    }

    [Fact]
    [Requirement("3", "74", "75")]
    public async Task A_clean_order_gets_an_empty_cards_array_and_nothing_else()
    {
        var request = Requests.Hook("order-sign", Requests.Patient(40),
            [Requests.Med("MedicationRequest", "draft-ibu", "197805", "Ibuprofen 400 MG Oral Tablet", status: "draft")], [], [Requests.LowBackPain()]);
        using var response = await host.PostAsync("/cds-services/backcare-order-sign", request.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("{\"cards\":[]}");
    }

    [Fact]
    [Requirement("3")]
    public async Task No_card_has_a_null_or_an_empty_array()
    {
        using var response = await host.PostAsync("/cds-services/backcare-order-sign", Requests.WorkedCase().ToJsonString());
        var root = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        void Walk(JsonNode? node, string path)
        {
            node.ShouldNotBeNull(path);
            if (node is JsonArray array)
            {
                if (path != "$.cards") array.Count.ShouldBeGreaterThan(0, path);
                for (var i = 0; i < array.Count; i++) Walk(array[i], $"{path}[{i}]");
            }
            else if (node is JsonObject obj)
            {
                foreach (var (key, value) in obj) Walk(value, $"{path}.{key}");
            }
            else
            {
                node.ToString().ShouldNotBeEmpty(path);
            }
        }

        Walk(root, "$");
    }

    [Fact]
    public async Task Order_select_cards_concern_only_the_selected_orders()
    {
        var diazepam = Requests.Med("MedicationRequest", "draft-diazepam", "197589", "diazepam 5 MG Oral Tablet", status: "draft");
        var ibuprofen = Requests.Med("MedicationRequest", "draft-ibu", "197805", "Ibuprofen 400 MG Oral Tablet", status: "draft");
        var oxycodone = Requests.Med("MedicationRequest", "oxy", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet");
        var onIbuprofen = await host.CardsAsync("backcare-order-select",
            Requests.Hook("order-select", Requests.Patient(40), [diazepam, ibuprofen], [oxycodone], [], ["MedicationRequest/draft-ibu"]).ToJsonString());
        onIbuprofen.ShouldBeEmpty();
        var onDiazepam = await host.CardsAsync("backcare-order-select",
            Requests.Hook("order-select", Requests.Patient(40), [diazepam, ibuprofen], [oxycodone], [], ["MedicationRequest/draft-diazepam"]).ToJsonString());
        onDiazepam.Select(Rule).ShouldContain("opioid_benzodiazepine");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(-10, false)]
    [InlineData(-200, true)]
    public async Task The_phase_of_back_pain_decides_the_muscle_relaxant_card(int? onsetDaysAgo, bool expectCard)
    {
        var onset = onsetDaysAgo is { } d ? TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        var request = Requests.Hook("order-sign", Requests.Patient(40),
            [Requests.Med("MedicationRequest", "draft-cyclo", "0", "cyclobenzaprine 10 MG Oral Tablet", status: "draft")], [], [Requests.LowBackPain(onset)]);
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        cards.Any(c => Rule(c) == "guideline:skeletal_muscle_relaxants").ShouldBe(expectCard);
    }

    [Theory]
    [InlineData("zolpidem 10 MG Oral Tablet", "guideline:z_drugs_for_back_pain")]
    [InlineData("trazodone hydrochloride 50 MG Oral Tablet", "guideline:trazodone_for_back_pain")]
    [InlineData("gabapentin 300 MG Oral Capsule", "guideline:gabapentinoids_for_back_pain")]
    public async Task A_sedative_or_gabapentinoid_ordered_for_back_pain_gets_the_guideline_card(string display, string rule)
    {
        var request = Requests.Hook("order-sign", Requests.Patient(45),
            [Requests.Med("MedicationRequest", "draft-1", "0", display, status: "draft")], [], [Requests.LowBackPain()]);
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        var card = cards.Single(c => Rule(c) == rule);
        card.GetProperty("summary").GetString()!.Length.ShouldBeLessThan(140);
        var detail = card.GetProperty("detail").GetString()!;
        detail.ShouldContain("What the guidelines do recommend");
        detail.ShouldContain("**Sources**");
    }

    [Theory]
    [InlineData(50, "cns_burden")]
    [InlineData(70, "beers_cns_burden")]
    public async Task Three_CNS_active_medicines_get_one_card_the_Beers_one_at_65_and_over(int age, string rule)
    {
        // Both rules fire at 65 and over for the same medicines; cards.yml says the Beers card replaces the any-age one.
        var request = Requests.Hook("order-sign", Requests.Patient(age),
            [Requests.Med("MedicationRequest", "draft-zolpidem", "0", "zolpidem 10 MG Oral Tablet", status: "draft")],
            [Requests.Med("MedicationRequest", "oxy", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet"),
                Requests.Med("MedicationRequest", "gaba", "0", "gabapentin 300 MG Oral Capsule")], []);
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        var burden = cards.Where(c => Rule(c) is "cns_burden" or "beers_cns_burden").ShouldHaveSingleItem();
        Rule(burden).ShouldBe(rule);
        burden.GetProperty("summary").GetString()!.ShouldStartWith(age >= 65 ? "Beers 2023" : "Three or more CNS-active medicines");
    }

    [Fact]
    public async Task A_busy_order_s_cards_speak_to_the_prescriber_not_the_patient()
    {
        // Medication rules carry a summary written for the person ("You take ..."): a card's summary never shows it (the
        // detail still quotes it after the clinician's text), and no title is a rule id turned into words ("Cns burden").
        var request = Requests.Hook("order-sign", Requests.Patient(70),
            [Requests.Med("MedicationRequest", "draft-diazepam", "197589", "diazepam 5 MG Oral Tablet", status: "draft"),
                Requests.Med("MedicationRequest", "draft-alprazolam", "0", "alprazolam 0.5 MG Oral Tablet", status: "draft")],
            [Requests.Med("MedicationRequest", "oxy", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet")],
            [Requests.LowBackPain(), Requests.Condition("http://snomed.info/sct", "13645005", "Chronic obstructive lung disease")]);
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        cards.Select(Rule).ShouldContain("duplicate_benzodiazepine");
        cards.Select(Rule).ShouldContain("benzodiazepine_breathing");
        foreach (var card in cards)
        {
            var summary = card.GetProperty("summary").GetString()!;
            summary.ShouldNotMatch(@"\b[Yy]ou(r)?\b", $"{Rule(card)}: {summary}");
            var title = card.GetProperty("source").GetProperty("topic").GetProperty("display").GetString()!;
            title.ShouldNotBe(char.ToUpperInvariant(Rule(card)[0]) + Rule(card)[1..].Replace('_', ' '), $"{Rule(card)} has no title of its own");
        }
    }

    [Theory]
    [InlineData("superseded:\n  - rule: cns_burden\n    by: no_such_rule\n    reason: r\n", "needs another medication rule")]
    [InlineData("superseded:\n  - rule: cns_burden\n    by: cns_burden\n    reason: r\n", "needs another medication rule")]
    [InlineData("superseded:\n  - rule: cns_burden\n    by: opioid_benzodiazepine\n    reason: r\n", "needs another medication rule")]
    [InlineData("superseded:\n  - rule: \"guideline:opioids\"\n    by: cns_burden\n    reason: r\n", "is not a medication rule")]
    [InlineData("cards:\n  - rule: opioid_benzodiazepine\n    title: Opioids and benzodiazepines\n", "title of its own")]
    [InlineData("superseded:\n  - rule: cns_burden\n    by: beers_cns_burden\n", "needs a reason")]
    [InlineData("superseded:\n  - rule: cns_burden\n    by: beers_cns_burden\n    reason: r\n  - rule: beers_cns_burden\n    by: beers_benzodiazepine\n    reason: r\n", "itself superseded")]
    [InlineData("cards:\n  - rule: cns_burden\n    title: \"\"\n", "title must be")]
    public void A_card_setting_that_does_not_hold_stops_the_catalog_loading(string yaml, string problem)
    {
        var evidence = host.Factory.Services.GetRequiredService<BackCare.Clinical.Evidence.EvidenceBase>();
        var full = File.ReadAllText(Path.Combine(Fixtures.Root, "data", "cds-hooks", "cards.yml"));
        var section = yaml[..yaml.IndexOf(':', StringComparison.Ordinal)];
        var start = full.IndexOf("\n" + section + ":\n", StringComparison.Ordinal) + 1;
        var end = full.IndexOf("\n\n", start, StringComparison.Ordinal);
        var broken = full[..start] + yaml + full[end..];
        new Cards.CardCatalog(evidence, full).SupersededBy["cns_burden"].ShouldBe("beers_cns_burden");
        Should.Throw<InvalidOperationException>(() => new Cards.CardCatalog(evidence, broken)).Message.ShouldContain(problem);
    }

    [Fact]
    public async Task An_unrecognised_medication_is_reported_not_ignored()
    {
        var request = Requests.Hook("order-sign", Requests.Patient(40),
            [Requests.Med("MedicationRequest", "draft-x", "99999999", "Zorblax 10 MG Oral Tablet", status: "draft")],
            [Requests.Med("MedicationStatement", "ms-1", "88888888", "Quibbleprine 5 MG")], []);
        var cards = await host.CardsAsync("backcare-order-sign", request.ToJsonString());
        var card = cards.ShouldHaveSingleItem();
        Rule(card).ShouldBe("unrecognized");
        card.GetProperty("indicator").GetString().ShouldBe("info");
        card.GetProperty("detail").GetString()!.ShouldContain("Zorblax 10 MG Oral Tablet");
        card.GetProperty("detail").GetString()!.ShouldContain("Quibbleprine 5 MG");
    }

    [Fact]
    public async Task Patient_view_checks_current_medications_without_suggestions()
    {
        var request = Requests.Hook("patient-view", Requests.Patient(50), [],
            [Requests.Med("MedicationRequest", "oxy", "1049502", "Oxycodone 10 MG ER"), Requests.Med("MedicationStatement", "alp", "0", "Xanax 0.5mg")], []);
        var cards = await host.CardsAsync("backcare-patient-view", request.ToJsonString());
        var card = cards.First();
        Rule(card).ShouldBe("opioid_benzodiazepine");
        card.TryGetProperty("suggestions", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task The_rule_page_a_card_links_to_shows_the_rule_and_its_sources()
    {
        var cards = await host.CardsAsync("backcare-order-sign", Requests.WorkedCase().ToJsonString());
        var url = new Uri(cards[0].GetProperty("source").GetProperty("url").GetString()!);
        using var page = await host.Client.GetAsync(url.PathAndQuery);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("opioid_benzodiazepine");
        html.ShouldContain("Sources");
    }

    internal static string Rule(JsonElement card) => card.GetProperty("source").GetProperty("topic").GetProperty("code").GetString()!;
}
