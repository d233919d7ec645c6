namespace BackCare.Web.Infrastructure;

internal static partial class StartupMessages
{
    [LoggerMessage(Level = LogLevel.Information, Message = "BackCare data: {Where}")]
    public static partial void DatabaseReady(ILogger logger, string where);

    [LoggerMessage(Level = LogLevel.Information, Message = "BackCare is running at {Urls}")]
    public static partial void Listening(ILogger logger, string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "--demo was given: demo accounts are not seeded yet in this version")]
    public static partial void DemoNotYetAvailable(ILogger logger);
}
