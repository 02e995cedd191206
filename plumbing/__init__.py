"""What every app needs and no noun owns: input limits of the APIs, outage handling, ranking, time formatting,
a posting description's HTML, the page for what is not public, and mail. Every app may import it; it imports
no app."""
