using Loudou.Storage.Reminders;
using Loudou.Web.Localization;
using Microsoft.Extensions.Localization;

namespace Loudou.Web.Components.Layout;

/// <summary>How a notification's kind reads in the caller's language, the same in the bell and on the notifications page.</summary>
public static class NotificationText
{
    public static string Kind(IStringLocalizer<Text> text, NotificationView notification)
    {
        var kind = text.Or("Notifications.Kind." + notification.Kind, notification.Kind);
        return notification.Escalation ? text["Notifications.Escalated", kind] : kind;
    }
}
