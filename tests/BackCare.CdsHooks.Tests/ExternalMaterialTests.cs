using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackCare.CdsHooks.Tests;

/// <summary>
/// Every outside CDS Hooks request in tests/fixtures/external sent over HTTP to the running service:
/// good requests give 200 and the expected cards (CDC Rec 11: the opioid + benzodiazepine card),
/// bad ones 400, never 500.
/// </summary>
public sealed class ExternalMaterialTests(CdsHost host) : IClassFixture<CdsHost>
{
    private static readonly Dictionary<string, string> ServiceByHook = new()
    {
        ["order-select"] = "backcare-order-select",
        ["order-sign"] = "backcare-order-sign",
        ["patient-view"] = "backcare-patient-view",
    };

    public static TheoryData<string> Rec11() => Files(Path.Combine("opioid-cds", "r4-rec11", "requests"));

    [Theory]
    [MemberData(nameof(Rec11))]
    public async Task CDC_Rec_11_requests_give_the_opioid_benzodiazepine_card_when_expected(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Fixtures.External, file));
        var hook = JsonNode.Parse(Fixtures.RepairStrayBrace(text))!["hook"]!.GetValue<string>();
        var service = "/cds-services/" + ServiceByHook[hook];
        var published = IsJson(text) && JsonNode.Parse(text)!.ToJsonString() == Fixtures.UnwrapLegacyPrefetch(text);

        // As published most are not JSON, and one uses the 1.0 prefetch shape: 400. Repaired, the cards are the ones the CDC response expects.
        if (!published)
        {
            using var raw = await host.PostAsync(service, text);
            raw.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        var cards = await host.CardsAsync(ServiceByHook[hook], Fixtures.RepairStrayBrace(text), file);
        var response = file.Replace("requests", "responses", StringComparison.Ordinal).Replace("request-example", "response-example", StringComparison.Ordinal);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Fixtures.External, response)));
        var expectsCard = expected.RootElement.GetProperty("cards").GetArrayLength() > 0;
        cards.Any(c => CardTests.Rule(c) == "opioid_benzodiazepine").ShouldBe(expectsCard, file);
        if (expectsCard) cards[0].GetProperty("indicator").GetString().ShouldBe("critical");
    }

    public static TheoryData<string> ValidatorCases() => Files(Path.Combine("cds-hooks", "fhir-validator-cdshooks-cases"));

    [Theory]
    [MemberData(nameof(ValidatorCases))]
    public async Task HL7_validator_cases_good_are_answered_and_bad_are_400(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Fixtures.External, file));
        var hook = JsonNode.Parse(text)!["hook"]!.GetValue<string>();
        using var response = await host.PostAsync("/cds-services/" + ServiceByHook[hook], text);
        var good = file.Contains("-good", StringComparison.Ordinal);
        response.StatusCode.ShouldBe(good ? HttpStatusCode.OK : HttpStatusCode.BadRequest, file + ": " + await response.Content.ReadAsStringAsync());
        if (good) CardShape.Check(await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> HookLibrary() => Files(Path.Combine("cds-hooks", "hook-library-examples"));

    /// <summary>The hook library gives contexts only: each is sent inside a request saying the patient has no other data.</summary>
    [Theory]
    [MemberData(nameof(HookLibrary))]
    public async Task Hook_library_contexts_are_answered(string file)
    {
        var context = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixtures.External, file)))!["context"]!;
        var hook = Path.GetFileName(file).StartsWith("order-select", StringComparison.Ordinal) ? "order-select" : Path.GetFileName(file).StartsWith("order-sign", StringComparison.Ordinal) ? "order-sign" : "patient-view";
        var request = new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = context.DeepClone(),
            ["prefetch"] = new JsonObject { ["patient"] = null, ["medicationRequests"] = null },
        };
        using var response = await host.PostAsync("/cds-services/" + ServiceByHook[hook], request.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, file + ": " + await response.Content.ReadAsStringAsync());
        CardShape.Check(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_spec_patient_view_example_is_answered()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Fixtures.External, "cds-hooks", "spec-2.0.1-examples", "spec-02-L199-example.json"));
        var request = JsonNode.Parse(text)!.AsObject();
        host.Fhir.Resources["MedicationRequest"] = """{"resourceType":"Bundle","type":"searchset"}""";
        using var response = await host.PostAsync("/cds-services/backcare-patient-view", request.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        CardShape.Check(await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> Inferno() => Files(Path.Combine("cds-hooks", "inferno-crd-test-kit"));

    /// <summary>Inferno's CRD requests carry no prefetch: BackCare fetches from their FHIR server (played here in process).</summary>
    [Theory]
    [MemberData(nameof(Inferno))]
    public async Task Inferno_CRD_requests_are_answered_by_fetching_or_refused_when_the_hook_is_not_ours(string file)
    {
        host.Fhir.Resources["Patient"] = """{"resourceType":"Patient","id":"example","birthDate":"1950-01-01"}""";
        foreach (var type in new[] { "MedicationRequest", "MedicationStatement", "Condition", "Observation" }) host.Fhir.Resources[type] = """{"resourceType":"Bundle","type":"searchset"}""";
        var text = await File.ReadAllTextAsync(Path.Combine(Fixtures.External, file));
        var hook = JsonNode.Parse(text)!["hook"]!.GetValue<string>();
        using var response = await host.PostAsync("/cds-services/" + ServiceByHook.GetValueOrDefault(hook, "backcare-order-sign"), text);
        response.StatusCode.ShouldBe(ServiceByHook.ContainsKey(hook) ? HttpStatusCode.OK : HttpStatusCode.BadRequest, file + ": " + await response.Content.ReadAsStringAsync());
    }

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Fixtures.External, folder), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(f);
            if (name.Contains("request", StringComparison.Ordinal) || folder.Contains("hook-library", StringComparison.Ordinal) || folder.Contains("rec11", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(Fixtures.External, f));
            }
        }

        return data;
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>The card rules every response keeps (summary under 140, indicator, source, no nulls).</summary>
public static class CardShape
{
    public static void Check(string json)
    {
        using var doc = JsonDocument.Parse(json);
        foreach (var card in doc.RootElement.GetProperty("cards").EnumerateArray())
        {
            card.GetProperty("summary").GetString()!.Length.ShouldBeInRange(1, 139);
            card.GetProperty("indicator").GetString().ShouldBeOneOf("info", "warning", "critical");
            card.GetProperty("source").GetProperty("label").GetString()!.ShouldNotBeNullOrWhiteSpace();
            Guid.TryParse(card.GetProperty("uuid").GetString(), out _).ShouldBeTrue();
            json.ShouldNotContain("null");
        }
    }
}
