using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackCare.Clinical.Common;
using BackCare.Clinical.Evidence;

namespace BackCare.Clinical.CarePlans;

/// <summary>How a questionnaire is named and scored out of, as the plan showed it.</summary>
public sealed record SnapshotInstrument(string Name, double MaxScore);

/// <summary>
/// The plan exactly as a person was shown it: the plan, the evidence-base version that produced it, the day it
/// was computed for, and the citation text and questionnaire names it displayed — so it can be shown again,
/// word for word, after the evidence base has changed or a source has been retired.
/// </summary>
public sealed record PlanSnapshot(
    int Format,
    string EvidenceVersion,
    DateOnly AsOf,
    CarePlan Plan,
    ImmutableSortedDictionary<string, string> Citations,
    ImmutableSortedDictionary<string, SnapshotInstrument> Instruments)
{
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static PlanSnapshot Take(CarePlan plan, EvidenceBase evidence, string evidenceVersion, DateOnly asOf)
    {
        var citations = plan.Steps.SelectMany(s => s.Sources).Distinct(StringComparer.Ordinal)
            .Select(id => (id, source: evidence.Source(id)))
            .Where(x => x.source is not null)
            .ToImmutableSortedDictionary(x => x.id, x => x.source!.FullCitation, StringComparer.Ordinal);
        var instruments = plan.Scores.Keys
            .Select(id => (id, instrument: evidence.Instrument(id)))
            .Where(x => x.instrument is not null)
            .ToImmutableSortedDictionary(x => x.id, x => new SnapshotInstrument(x.instrument!.Name, x.instrument.MaxScore), StringComparer.Ordinal);
        return new PlanSnapshot(CurrentFormat, evidenceVersion, asOf, plan, citations, instruments);
    }

    /// <summary>The citation as shown (the source id when the snapshot holds no text for it).</summary>
    public string Citation(string sourceId) => Citations.TryGetValue(sourceId, out var text) ? text : sourceId;

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a stored snapshot; a document this version cannot read gives an error, never an exception.</summary>
    public static (PlanSnapshot? Snapshot, ValidationError? Error) Parse(string json)
    {
        try
        {
            var snapshot = JsonSerializer.Deserialize<PlanSnapshot>(json, Options);
            if (snapshot?.Plan is null) return (null, ValidationError.Invalid("plan", "is missing from the stored plan"));
            return snapshot.Format == CurrentFormat
                ? (snapshot, null)
                : (null, new ValidationError("format", ValidationCodes.Unsupported, $"is {snapshot.Format}; this BackCare reads stored plans of format {CurrentFormat}"));
        }
        catch (JsonException ex)
        {
            return (null, ValidationError.NotJson("plan", ex.Message));
        }
        catch (NotSupportedException ex)
        {
            return (null, ValidationError.Invalid("plan", ex.Message));
        }
    }
}
