using System.ComponentModel.DataAnnotations;

namespace BackCare.Web.Infrastructure;

/// <summary>
/// Section "BackCare:SafetyContacts": the numbers shown wherever an emergency or crisis message
/// appears. Defaults are the UK's; every deployment should set its own (README, Configuration).
/// </summary>
public sealed class SafetyContactsOptions
{
    public const string Section = "BackCare:SafetyContacts";

    [Required, MinLength(2)]
    public string EmergencyNumber { get; set; } = "999";

    [Required, MinLength(2)]
    public string UrgentAdviceLine { get; set; } = "NHS 111";

    [Required, MinLength(2)]
    public string CrisisLine { get; set; } = "Samaritans, 116 123 (free, day or night)";

    public BackCare.App.SafetyContacts ToContacts() => new(EmergencyNumber, UrgentAdviceLine, CrisisLine);
}
