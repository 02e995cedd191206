from django.http import JsonResponse


def healthz(request):
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"database": "ok"})
    except Exception:
        return JsonResponse({"database": "error"}, status=503)
