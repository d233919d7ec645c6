namespace BackCare.Web.Infrastructure;

/// <summary>Resource keys built from a value (an alert kind, a risk group): each has one entry per value in SharedResource.resx.</summary>
public static class TextKeys
{
    public static string AlertKind(string kind) => "AlertKind_" + kind;

    public static string AlertGroup(string group) => "AlertGroup_" + group;

    public static string Risk(string? group) => "Risk_" + (group ?? "none");

    public static string CheckIn(string window) => "CheckIn_" + window;

    public static string ShareScope(string scope) => "SharingScope_" + scope.Replace(' ', '_');

    public static string StaffRole(string role) => "StaffRole_" + role;
}
