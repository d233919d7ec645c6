using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BackCare.CdsHooks.Tests;

/// <summary>
/// The whole response for a busy order, byte for byte (uuids masked): card order, summaries, Markdown details, sources,
/// suggestions and JSON escaping. A change to any card shows up as a diff here and is reviewed. To accept intended
/// changes: BACKCARE_UPDATE_GOLDEN=1 dotnet test.
/// </summary>
public sealed partial class GoldenCardsTests(CdsHost host) : IClassFixture<CdsHost>
{
    private static string Folder => Path.Combine(Fixtures.Root, "tests", "BackCare.CdsHooks.Tests", "golden");

    [Fact]
    public async Task A_busy_order_gives_the_cards_of_its_golden_file()
    {
        // Two benzodiazepines and a medicine BackCare does not know ordered for a 70-year-old with low back pain and COPD
        // who takes oxycodone, lisinopril, ibuprofen, warfarin and acetaminophen: interaction, duplication, guideline
        // (two drugs on one card), Beers, breathing and unrecognised cards; the warfarin + ibuprofen pair is not in focus.
        var request = Requests.Hook("order-sign", Requests.Patient(70),
            [
                Requests.Med("MedicationRequest", "draft-diazepam", "197589", "diazepam 5 MG Oral Tablet", status: "draft"),
                TextOnly("draft-xanax", "Xanax 0.5 mg tablet"),
                TextOnly("draft-unknown", "Foobarol 10 MG Oral Tablet"),
            ],
            [
                Requests.Med("MedicationRequest", "oxy", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet"),
                Requests.Med("MedicationRequest", "lis", "314076", "lisinopril 10 MG Oral Tablet"),
                Requests.Med("MedicationRequest", "ibu", "197805", "Ibuprofen 400 MG Oral Tablet"),
                Requests.Med("MedicationRequest", "war", "855350", "Warfarin Sodium 0.5 MG Oral Tablet"),
                Requests.Med("MedicationStatement", "apap", "198440", "Acetaminophen 500 MG Oral Tablet"),
            ],
            [Requests.LowBackPain(), Requests.Condition("http://snomed.info/sct", "13645005", "Chronic obstructive lung disease")]);

        using var response = await host.PostAsync("/cds-services/backcare-order-sign", request.ToJsonString());
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var actual = Uuid().Replace(await response.Content.ReadAsStringAsync(), "\"uuid\":\"(uuid)\"") + "\n";

        var goldenPath = Path.Combine(Folder, "busy-order-sign.json");
        if (Environment.GetEnvironmentVariable("BACKCARE_UPDATE_GOLDEN") == "1") File.WriteAllText(goldenPath, actual);
        File.Exists(goldenPath).ShouldBeTrue($"missing golden file {goldenPath}; run with BACKCARE_UPDATE_GOLDEN=1 and review it");
        actual.ShouldBe(File.ReadAllText(goldenPath).ReplaceLineEndings("\n"));
    }

    private static JsonObject TextOnly(string id, string text) => new()
    {
        ["resourceType"] = "MedicationRequest",
        ["id"] = id,
        ["status"] = "draft",
        ["intent"] = "order",
        ["subject"] = new JsonObject { ["reference"] = "Patient/p1" },
        ["medicationCodeableConcept"] = new JsonObject { ["text"] = text },
    };

    [GeneratedRegex("\"uuid\":\"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\"")]
    private static partial Regex Uuid();
}
