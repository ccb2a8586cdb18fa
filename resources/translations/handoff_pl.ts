<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl" sourcelanguage="en">
<context>
    <name>HandoffStatusBar</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Sync status cannot be read: %1</source>
        <translation>Nie można odczytać stanu synchronizacji: %1</translation>
    </message>
    <message>
        <source>Checking the backend…</source>
        <translation>Sprawdzanie serwera…</translation>
    </message>
    <message>
        <source>No backend configured — working offline</source>
        <translation>Brak skonfigurowanego serwera — praca offline</translation>
    </message>
    <message>
        <source>Enrolled, but no backend address is set (sync.backend_url) — working offline</source>
        <translation>Terminal zarejestrowany, ale brak adresu serwera (sync.backend_url) — praca offline</translation>
    </message>
    <message>
        <source>Backend: %1</source>
        <translation>Serwer: %1</translation>
    </message>
    <message>
        <source>sync status not available in this build</source>
        <translation>stan synchronizacji niedostępny w tej wersji</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>this terminal needs an update</source>
        <translation>ten terminal wymaga aktualizacji</translation>
    </message>
    <message>
        <source>%1 ops waiting</source>
        <translation>operacje w kolejce: %1</translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation>najstarsza %1</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>ostatnia synchronizacja %1</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>jeszcze nie synchronizowano</translation>
    </message>
    <message>
        <source>last error: %1</source>
        <translation>ostatni błąd: %1</translation>
    </message>
    <message>
        <source>No site configured</source>
        <translation>Brak skonfigurowanej lokalizacji</translation>
    </message>
    <message>
        <source>Nobody logged in</source>
        <translation>Nikt nie jest zalogowany</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Przetwarzanie…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Język</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <translation>Usuń</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Choose what you want to do first, then scan.</source>
        <translation>Najpierw wybierz, co chcesz zrobić, a potem zeskanuj.</translation>
    </message>
    <message>
        <source>Only a technician can close the kiosk; scan a technician badge.</source>
        <translation>Tylko technik może zamknąć automat; zeskanuj identyfikator technika.</translation>
    </message>
    <message>
        <source>Only a technician can leave full screen; scan a technician badge.</source>
        <translation>Tylko technik może wyjść z trybu pełnoekranowego; zeskanuj identyfikator technika.</translation>
    </message>
    <message>
        <source>Welcome! What would you like to do?</source>
        <translation>Dzień dobry! Co chcesz zrobić?</translation>
    </message>
    <message>
        <source>No services are installed on this kiosk yet.</source>
        <translation>Na tym automacie nie zainstalowano jeszcze żadnych usług.</translation>
    </message>
    <message>
        <source>Courier or technician? Scan your badge.</source>
        <translation>Kurier lub technik? Zeskanuj swój identyfikator.</translation>
    </message>
    <message>
        <source>Logged in as %1. Scan your badge again to log out.</source>
        <translation>Zalogowano: %1. Zeskanuj identyfikator ponownie, aby się wylogować.</translation>
    </message>
    <message>
        <source>Staff login</source>
        <translation>Logowanie personelu</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Wyloguj</translation>
    </message>
    <message>
        <source>Polski / English</source>
        <translation>Polski / English</translation>
    </message>
    <message>
        <source>Close kiosk</source>
        <translation>Zamknij automat</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>Wyjdź z pełnego ekranu</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
</context>
<context>
    <name>LoginPanel</name>
    <message>
        <source>Scan your badge</source>
        <translation>Zeskanuj swój identyfikator</translation>
    </message>
    <message>
        <source>No scanner? Type the badge number and press Enter.</source>
        <translation>Bez skanera? Wpisz numer identyfikatora i naciśnij Enter.</translation>
    </message>
    <message>
        <source>Badge number</source>
        <translation>Numer identyfikatora</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Zaloguj</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Wróć</translation>
    </message>
    <message>
        <source>Staff log in here.</source>
        <translation>Tu loguje się personel.</translation>
    </message>
    <message>
        <source>Couriers and technicians log in here.</source>
        <translation>Tu logują się kurierzy i technicy.</translation>
    </message>
    <message>
        <source>Pickers and packers log in here.</source>
        <translation>Tu logują się kompletujący i pakujący.</translation>
    </message>
    <message>
        <source>Supervisors log in here.</source>
        <translation>Tu logują się kierownicy zmiany.</translation>
    </message>
</context>
<context>
    <name>RoleChooser</name>
    <message>
        <source>Which screen is this?</source>
        <translation>Który to ekran?</translation>
    </message>
    <message>
        <source>Press 1, 2 or 3, or touch a button.</source>
        <translation>Naciśnij 1, 2 lub 3 albo dotknij przycisku.</translation>
    </message>
    <message>
        <source>1   Pack station / picker cart</source>
        <translation>1   Stanowisko pakowania / wózek kompletacyjny</translation>
    </message>
    <message>
        <source>2   Parcel locker kiosk</source>
        <translation>2   Automat paczkowy</translation>
    </message>
    <message>
        <source>3   Supervisor</source>
        <translation>3   Kierownik zmiany</translation>
    </message>
    <message>
        <source>Polski / English</source>
        <translation>Polski / English</translation>
    </message>
</context>
<context>
    <name>RoleWindow</name>
    <message>
        <source>%1 cannot log in at this screen; it is for: %2.</source>
        <translation>%1 nie może zalogować się na tym ekranie; jest on dla: %2.</translation>
    </message>
    <message>
        <source>The page %1 could not be opened (%2); tell a supervisor.</source>
        <translation>Nie udało się otworzyć strony %1 (%2); powiadom kierownika zmiany.</translation>
    </message>
    <message>
        <source>Welcome, %1.</source>
        <translation>Witaj, %1.</translation>
    </message>
    <message>
        <source>Login failed: %1</source>
        <translation>Logowanie nie powiodło się: %1</translation>
    </message>
    <message>
        <source>%1 logged out.</source>
        <translation>%1 wylogowany(-a).</translation>
    </message>
    <message>
        <source>Finish or cancel the task on this page first.</source>
        <translation>Najpierw dokończ lub anuluj zadanie na tej stronie.</translation>
    </message>
    <message>
        <source>The scan could not be read: %1</source>
        <translation>Nie udało się odczytać skanu: %1</translation>
    </message>
    <message>
        <source>Nobody is logged in here.</source>
        <translation>Nikt tu nie jest zalogowany.</translation>
    </message>
    <message>
        <source>This scan could not be handled (%1); tell a supervisor.</source>
        <translation>Nie udało się obsłużyć tego skanu (%1); powiadom kierownika zmiany.</translation>
    </message>
    <message>
        <source>%1 was read, but it is not a code Handoff knows.</source>
        <translation>Odczytano %1, ale Handoff nie zna takiego kodu.</translation>
    </message>
    <message>
        <source>Log in first: scan your badge.</source>
        <translation>Najpierw się zaloguj: zeskanuj swój identyfikator.</translation>
    </message>
    <message>
        <source>%1 was read, but nothing on this screen uses it.</source>
        <translation>Odczytano %1, ale nic na tym ekranie go nie używa.</translation>
    </message>
    <message>
        <source>Background work failed: %1</source>
        <translation>Zadanie w tle nie powiodło się: %1</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>EN</source>
        <translation>EN</translation>
    </message>
    <message>
        <source>PL</source>
        <translation>PL</translation>
    </message>
    <message>
        <source>Switch language (F9)</source>
        <translation>Zmień język (F9)</translation>
    </message>
    <message>
        <source>Log out (F12)</source>
        <translation>Wyloguj (F12)</translation>
    </message>
    <message>
        <source>No pages are installed for this screen yet.</source>
        <translation>Dla tego ekranu nie zainstalowano jeszcze żadnych stron.</translation>
    </message>
    <message>
        <source>Parcel locker</source>
        <translation>Automat paczkowy</translation>
    </message>
    <message>
        <source>Pack station</source>
        <translation>Stanowisko pakowania</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Kierownik zmiany</translation>
    </message>
</context>
<context>
    <name>ScanHistory</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Błąd</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Informacja</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Czas</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Skan</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Wynik</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>No supervisor pages are installed yet; the shift statistics appear here once they are.</source>
        <translation>Nie zainstalowano jeszcze stron kierownika; statystyki zmiany pojawią się tutaj, gdy zostaną dodane.</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>picker</source>
        <translation>kompletujący</translation>
    </message>
    <message>
        <source>packer</source>
        <translation>pakujący</translation>
    </message>
    <message>
        <source>courier</source>
        <translation>kurier</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>technik</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>kierownik zmiany</translation>
    </message>
</context>
</TS>
