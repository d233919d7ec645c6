using System.Text.Json.Nodes;

namespace BackCare.CdsHooks.Tests;

/// <summary>Hook requests built for the tests (FHIR R4 JSON).</summary>
public static class Requests
{
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    public static JsonObject Med(string resourceType, string id, string code, string display, string status = "active", string? reason = null)
    {
        var med = new JsonObject
        {
            ["resourceType"] = resourceType,
            ["id"] = id,
            ["status"] = status,
            ["subject"] = new JsonObject { ["reference"] = "Patient/p1" },
            ["medicationCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = RxNorm, ["code"] = code, ["display"] = display }),
                ["text"] = display,
            },
        };
        if (resourceType == "MedicationRequest") med["intent"] = "order";
        if (reason is not null) med["reasonCode"] = new JsonArray(new JsonObject { ["text"] = reason });
        return med;
    }

    public static JsonObject Bundle(params JsonObject[] resources) => new()
    {
        ["resourceType"] = "Bundle",
        ["type"] = "collection",
        ["entry"] = new JsonArray([.. resources.Select(r => (JsonNode)new JsonObject { ["resource"] = r.DeepClone() })]),
    };

    public static JsonObject Patient(int age) => new()
    {
        ["resourceType"] = "Patient",
        ["id"] = "p1",
        ["gender"] = "female",
        ["birthDate"] = $"{TimeProvider.System.GetUtcNow().UtcDateTime.Year - age - 1:0000}-{TimeProvider.System.GetUtcNow().UtcDateTime.Month:00}-01",
    };

    public static JsonObject Condition(string system, string code, string display, string? onset = null)
    {
        var c = new JsonObject
        {
            ["resourceType"] = "Condition",
            ["id"] = "c-" + code.Replace(".", "", StringComparison.Ordinal),
            ["clinicalStatus"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/condition-clinical", ["code"] = "active" }) },
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code, ["display"] = display }) },
            ["subject"] = new JsonObject { ["reference"] = "Patient/p1" },
        };
        if (onset is not null) c["onsetDateTime"] = onset;
        return c;
    }

    public static JsonObject LowBackPain(string? onset = null) => Condition("http://snomed.info/sct", "279039007", "Low back pain", onset);

    /// <summary>A hook request with BackCare's own prefetch keys (empty searches where nothing is given).</summary>
    public static JsonObject Hook(string hook, JsonObject patient, JsonObject[] drafts, JsonObject[] current, JsonObject[] conditions, string[]? selections = null)
    {
        var context = new JsonObject { ["userId"] = "Practitioner/dr1", ["patientId"] = "p1" };
        if (hook != "patient-view")
        {
            context["draftOrders"] = Bundle(drafts);
            if (hook == "order-select") context["selections"] = new JsonArray([.. (selections ?? drafts.Select(d => "MedicationRequest/" + (string)d["id"]!).ToArray()).Select(s => (JsonNode)s)]);
        }

        return new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = context,
            ["prefetch"] = new JsonObject
            {
                ["patient"] = patient,
                ["medicationRequests"] = Bundle([.. current.Where(c => (string)c["resourceType"]! == "MedicationRequest")]),
                ["medicationStatements"] = Bundle([.. current.Where(c => (string)c["resourceType"]! == "MedicationStatement")]),
                ["conditions"] = Bundle(conditions),
                ["pregnancy"] = null,
                ["breastfeeding"] = null,
            },
        };
    }

    /// <summary>The worked case: diazepam for a 70-year-old with low back pain who takes oxycodone.</summary>
    public static JsonObject WorkedCase(string hook = "order-sign") => Hook(hook, Patient(70),
        [Med("MedicationRequest", "draft-diazepam", "197589", "diazepam 5 MG Oral Tablet", status: "draft")],
        [Med("MedicationRequest", "oxy", "1049502", "12 HR Oxycodone Hydrochloride 10 MG Extended Release Oral Tablet")],
        [LowBackPain()]);
}
