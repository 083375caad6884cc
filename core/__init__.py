"""Rules that every app applies the same way, in one place each: text checks, slugs, JSON for a
``<script>`` element, web links, who may preview. An app with no models; it imports neither
``jobs`` nor ``careers``."""
