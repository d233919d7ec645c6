using System.Security.Claims;

namespace BackCare.Web.Infrastructure;

public static class Policies
{
    public const string Patient = "patient";

    /// <summary>The clinician workspace (/Clinician): clinician accounts, which must sign in with two factors.</summary>
    public const string Clinician = "clinician";

    /// <summary>Operator pages (/Admin): admin accounts, which must sign in with two factors.</summary>
    public const string Admin = "admin";

    /// <summary>Page folders that hold health data: signed-in patients only, each seeing only their own.</summary>
    public static readonly string[] PatientFolders = ["/Assessment", "/Plan", "/Diary", "/Progress", "/Medicines", "/Reminders", "/Sharing"];
}

public static class UserExtensions
{
    /// <summary>The signed-in person's id; pages behind the patient policy always have one.</summary>
    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : throw new InvalidOperationException("not signed in");
}
