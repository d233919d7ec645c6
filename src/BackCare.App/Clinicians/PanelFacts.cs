using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackCare.App.Clinicians;

/// <summary>
/// What the clinician panel needs to know about one patient, computed by the engines from the stored assessment and
/// diary when they change (<see cref="PanelFactsBuilder"/>), so the panel reads one small row per patient instead of a
/// year of diary. Only facts that depend on today (how long since the last check-in) are worked out when the panel is read.
/// </summary>
public sealed record PanelFacts(
    Guid? AssessmentId,
    DateTime? AssessedAt,
    string? RiskGroup,
    DateOnly? FirstCheckIn,
    DateOnly? LastCheckIn,
    ImmutableArray<PanelAlert> Alerts)
{
    public static readonly PanelFacts None = new(null, null, null, null, null, []);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The stored facts, or null when they cannot be read (then they are computed again).</summary>
    public static PanelFacts? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<PanelFacts>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// One reason a patient may need the clinician: <see cref="Kind"/> (see <see cref="AlertKinds"/>), the wording and
/// sources from the evidence base (never written here), when it was reported, and a signature that changes when
/// something new happens (a review covers one signature).
/// </summary>
public sealed record PanelAlert(string Kind, int Rank, string Text, ImmutableArray<string> Sources, DateTime Since, string Signature);

/// <summary>The kinds of alert, in the order the panel puts them (issue 16), and the groups its filter offers.</summary>
public static class AlertKinds
{
    public const string Emergency = "emergency";
    public const string Crisis = "crisis";
    public const string Urgent = "urgent";
    public const string Escalation = "escalation";
    public const string StartBackHigh = "startback_high";
    public const string Medication = "medication";
    public const string StoppedCheckingIn = "stopped_checking_in";

    /// <summary>Red flags (emergency, urgent) and PHQ-9 item 9: listed first.</summary>
    public const string Safety = "safety";

    public static readonly ImmutableArray<string> Groups = [Safety, Escalation, StartBackHigh, Medication, StoppedCheckingIn];

    public static int Rank(string kind) => kind switch
    {
        Emergency => 0,
        Crisis => 1,
        Urgent => 2,
        Escalation => 3,
        StartBackHigh => 4,
        Medication => 5,
        _ => 6,
    };

    public static string Group(string kind) => kind is Emergency or Crisis or Urgent ? Safety : kind;
}
