namespace BackCare.Web.Infrastructure;

internal static partial class StartupMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "BackCare data: {Where}")]
    public static partial void DatabaseReady(ILogger logger, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "BackCare is running at {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo data ready. Patient: {Patient}; clinician: {Clinician} (sees the demo practice at /Clinician); admin: {Admin} (staff accounts at /Admin/Staff); staff set up two-step sign-in at first sign-in; password for all: {Password}")]
    public static partial void DemoAccounts(ILogger logger, string patient, string clinician, string admin, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "Content root {ContentRoot}; settings files: {Files}")]
    public static partial void ContentRoot(ILogger logger, string contentRoot, string files);

    [LoggerMessage(Level = LogLevel.Warning, Message = "BackCare:Hosting:AllowHttp is set: no HSTS, no HTTPS redirect, cookies not forced Secure. Use this on loopback only.")]
    public static partial void PlainHttp(ILogger logger);
}
