namespace BackCare.App.Smart;

/// <summary>The SMART App Launch 2.0 scopes BackCare grants (read and search only), and the launch-context claim.</summary>
public static class SmartScopes
{
    public const string OpenId = "openid";
    public const string FhirUser = "fhirUser";
    public const string LaunchPatient = "launch/patient";
    public const string OfflineAccess = "offline_access";
    public const string PatientRead = "patient/*.rs";
    public const string UserRead = "user/*.rs";

    /// <summary>The claim (and token-response parameter) naming the patient in context.</summary>
    public const string PatientClaim = "patient";

    public static readonly IReadOnlyList<string> All = [OpenId, FhirUser, LaunchPatient, OfflineAccess, PatientRead, UserRead];
}
