using System.Text.Json;
using BackCare.CdsHooks.Prefetch;

namespace BackCare.CdsHooks.Protocol;

/// <summary>The three services (ids, hooks and prefetch keys are public interface: extend, never rename).</summary>
public static class Discovery
{
    public sealed record Service(string Id, string Hook, string Title, string Description);

    public static readonly Service[] Services =
    [
        new("backcare-order-select", "order-select", "BackCare medication check (order selected)",
            "Checks the selected medication orders against what the patient already takes, their age, conditions, pregnancy and breastfeeding, and the back-pain guidelines, with sources."),
        new("backcare-order-sign", "order-sign", "BackCare medication check (order signed)",
            "Checks every draft medication order before signing: interactions (opioid with benzodiazepine), back-pain guideline positions, Beers 2023, contraindications, pregnancy, lactation, duplication and durations, each card cited."),
        new("backcare-patient-view", "patient-view", "BackCare medication summary",
            "Checks the patient's current medications and shows the problems found, with sources; no cards when there is nothing to say."),
    ];

    public static readonly (string Key, string Query)[] Prefetch =
    [
        ("patient", "Patient/{{context.patientId}}"),
        ("medicationRequests", "MedicationRequest?patient={{context.patientId}}&status=active"),
        ("medicationStatements", "MedicationStatement?patient={{context.patientId}}&status=active"),
        ("conditions", "Condition?patient={{context.patientId}}&clinical-status=active"),
        ("pregnancy", "Observation?patient={{context.patientId}}&code=http://loinc.org|82810-3&_sort=-date&_count=1"),
        ("breastfeeding", "Observation?patient={{context.patientId}}&code=http://loinc.org|63895-7&_sort=-date&_count=1"),
    ];

    public static Service? Find(string id) => Array.Find(Services, s => s.Id == id);

    public static byte[] Json()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("services");
            foreach (var s in Services)
            {
                w.WriteStartObject();
                w.WriteString("hook", s.Hook);
                w.WriteString("title", s.Title);
                w.WriteString("description", s.Description);
                w.WriteString("id", s.Id);
                w.WriteStartObject("prefetch");
                foreach (var (key, query) in Prefetch)
                {
                    System.Diagnostics.Debug.Assert(PatientRecord.TemplateTypes.ContainsKey(key));
                    w.WriteString(key, query);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }
}
