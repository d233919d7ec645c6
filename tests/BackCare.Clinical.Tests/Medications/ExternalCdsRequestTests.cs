using System.Collections.Immutable;
using System.Text.Json;
using BackCare.Clinical.Medications;

namespace BackCare.Clinical.Tests.Medications;

/// <summary>
/// The engine (no HTTP) against the CDC opioid Rec 11 and HL7 PDDI CDS requests in tests/fixtures/external:
/// a request whose expected response has a card must yield the matching finding; one expected to
/// produce no card must yield none of that kind. Results: docs/clinical/medication-safety.md.
/// </summary>
public sealed class ExternalCdsRequestTests
{
    private static readonly MedicationChecker Checker = MedicationChecker.Default;

    /// <summary>
    /// Most published Rec 11 requests close the prefetch "item1" object one brace too early. Repair
    /// by removing the single closing brace whose removal makes the document parse; never edit the file.
    /// </summary>
    internal static JsonDocument ParseRepairingStrayBrace(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            for (var i = text.Length - 1; i >= 0; i--)
            {
                if (text[i] != '}') continue;
                try
                {
                    return JsonDocument.Parse(text.Remove(i, 1));
                }
                catch (JsonException)
                {
                }
            }

            throw;
        }
    }

    /// <summary>Every medication coding in the request (draft orders and prefetch), as code + display.</summary>
    internal static ImmutableArray<MedicationEntry> Medications(JsonElement request)
    {
        var entries = new List<MedicationEntry>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in e.EnumerateObject())
                {
                    if (property.Name is "medicationCodeableConcept" or "code" && property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("coding", out var codings) &&
                        (property.Name == "medicationCodeableConcept" || (e.TryGetProperty("resourceType", out var rt) && rt.GetString() == "Medication")))
                    {
                        foreach (var coding in codings.EnumerateArray())
                        {
                            if (!coding.TryGetProperty("system", out var system) || !system.GetString()!.Contains("rxnorm", StringComparison.Ordinal)) continue;
                            var display = coding.TryGetProperty("display", out var d) ? d.GetString() : null;
                            entries.Add(new MedicationEntry(display, coding.GetProperty("code").GetString(), null));
                        }
                    }
                    else
                    {
                        Walk(property.Value);
                    }
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray()) Walk(item);
            }
        }

        Walk(request);
        return [.. entries];
    }

    internal static MedicationCheckResult CheckRequest(string path)
    {
        using var doc = ParseRepairingStrayBrace(File.ReadAllText(path));
        var meds = Medications(doc.RootElement);
        meds.ShouldNotBeEmpty(path);
        return Checker.Check(new MedicationCheckInput(null, null, false, false, false, null, [], meds));
    }

    public static TheoryData<string, string> Rec11Pairs()
    {
        var data = new TheoryData<string, string>();
        var root = Path.Combine(RepoPaths.External, "opioid-cds", "r4-rec11");
        foreach (var request in Directory.GetFiles(Path.Combine(root, "requests"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var response = request.Replace("requests", "responses", StringComparison.Ordinal).Replace("request-example", "response-example", StringComparison.Ordinal);
            data.Add(Path.GetRelativePath(root, request), Path.GetRelativePath(root, response));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rec11Pairs))]
    public void CDC_opioid_rec_11_requests_yield_the_expected_opioid_benzodiazepine_finding(string request, string response)
    {
        var root = Path.Combine(RepoPaths.External, "opioid-cds", "r4-rec11");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, response)));
        var expectsCard = expected.RootElement.GetProperty("cards").GetArrayLength() > 0;
        var result = CheckRequest(Path.Combine(root, request));
        result.Medications.ShouldAllBe(m => m.Recognized.IsRecognized);
        var interaction = result.Findings.Where(f => f.Rule == "opioid_benzodiazepine").ToList();
        if (expectsCard)
        {
            var finding = interaction.ShouldHaveSingleItem(request);
            finding.Drugs.ShouldBe(["flurazepam", "oxycodone"]);
            finding.Severity.ShouldBe(BackCare.Clinical.Evidence.Severity.Major);
            finding.Sources.ShouldContain("cdc_2022_opioids");
        }
        else
        {
            result.Findings.ShouldNotContain(f => f.Kind == FindingKind.Interaction, request);
        }
    }

    [Fact]
    public void The_repair_helper_only_fixes_what_is_broken()
    {
        var root = Path.Combine(RepoPaths.External, "opioid-cds", "r4-rec11", "requests", "OpioidCDSREC11");
        var broken = File.ReadAllText(Path.Combine(root, "request-example-rec-11-opioid-trigger-with-benzo.json"));
        Should.Throw<JsonException>(() => JsonDocument.Parse(broken));
        using var repaired = ParseRepairingStrayBrace(broken);
        repaired.RootElement.GetProperty("hook").GetString().ShouldBe("order-select");
        repaired.RootElement.GetProperty("prefetch").EnumerateObject().Count().ShouldBeGreaterThan(0);
    }

    public static TheoryData<string> PddiRequests()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.External, "ddi-hl7-pddi-cds", "requests"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    /// <summary>Every HL7 PDDI request is a warfarin + NSAID scenario: the IG's cards warn about it.</summary>
    [Theory]
    [MemberData(nameof(PddiRequests))]
    public void HL7_PDDI_warfarin_NSAID_requests_yield_the_NSAID_anticoagulant_finding(string file)
    {
        var result = CheckRequest(Path.Combine(RepoPaths.External, "ddi-hl7-pddi-cds", "requests", file));
        var finding = result.Findings.Where(f => f.Rule == "nsaid_anticoagulant").ShouldHaveSingleItem(file);
        finding.Drugs.ShouldContain("warfarin");
        finding.Severity.ShouldBe(BackCare.Clinical.Evidence.Severity.Major);
    }
}
