<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>No pick face needs replenishing now.</source>
        <translation>Żadne miejsce kompletacji nie wymaga teraz uzupełnienia.</translation>
    </message>
    <message>
        <source>Go to reserve %1 and scan it: %2 × %3 for pick face %4.</source>
        <translation>Idź do rezerwy %1 i zeskanuj ją: %2 × %3 do miejsca kompletacji %4.</translation>
    </message>
    <message>
        <source>Scan %1 (%2) at %3.</source>
        <translation>Zeskanuj %1 (%2) w %3.</translation>
    </message>
    <message>
        <source>Type how many you took (1 to %1) and press Enter.</source>
        <translation>Wpisz, ile sztuk wziąłeś (od 1 do %1), i naciśnij Enter.</translation>
    </message>
    <message>
        <source>Take %1 × %2 to pick face %3 and scan it.</source>
        <translation>Zanieś %1 × %2 do miejsca kompletacji %3 i zeskanuj je.</translation>
    </message>
    <message>
        <source>Pick face %1 refilled with %2 × %3.</source>
        <translation>Miejsce kompletacji %1 uzupełnione: %2 × %3.</translation>
    </message>
    <message>
        <source>Still below min: a new task is open for %1.</source>
        <translation>Nadal poniżej minimum: otwarto nowe zadanie dla %1.</translation>
    </message>
    <message>
        <source>%1 holds no %2 by the books: take it from reserve %3.</source>
        <translation>Według stanów %1 nie ma %2: weź z rezerwy %3.</translation>
    </message>
    <message>
        <source>%1 is the pick face: scan the reserve location %2 first.</source>
        <translation>%1 to miejsce kompletacji: najpierw zeskanuj lokalizację rezerwy %2.</translation>
    </message>
    <message>
        <source>Wrong item %1: this task is %2 (%3).</source>
        <translation>Zły towar %1: to zadanie dotyczy %2 (%3).</translation>
    </message>
    <message>
        <source>Wrong location %1: the pick face is %2.</source>
        <translation>Zła lokalizacja %1: miejsce kompletacji to %2.</translation>
    </message>
    <message>
        <source>Type a quantity from 1 to %1.</source>
        <translation>Wpisz ilość od 1 do %1.</translation>
    </message>
    <message>
        <source>Reserve %1 booked empty; the supervisor is told.</source>
        <translation>Rezerwa %1 zaksięgowana jako pusta; kierownik został powiadomiony.</translation>
    </message>
    <message>
        <source>That scan is not used here:</source>
        <translation>Ten skan nie jest tu używany:</translation>
    </message>
    <message>
        <source>There is no reserve location to book empty now.</source>
        <translation>Nie ma teraz lokalizacji rezerwy do zaksięgowania jako pusta.</translation>
    </message>
</context>
<context>
    <name>BackendExceptions</name>
    <message>
        <source>%1 at %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>The backend has no open exceptions.</source>
        <translation>Backend nie ma otwartych wyjątków.</translation>
    </message>
    <message>
        <source>Open exceptions on the backend: %1 (the newest %2 below).</source>
        <translation>Otwarte wyjątki na backendzie: %1 (poniżej %2 najnowszych).</translation>
    </message>
    <message>
        <source>Open exceptions on the backend: %1.</source>
        <translation>Otwarte wyjątki na backendzie: %1.</translation>
    </message>
</context>
<context>
    <name>CameraAdapter</name>
    <message>
        <source>The camera stopped sending pictures; check its cable.</source>
        <translation>Kamera przestała przesyłać obraz; sprawdź kabel.</translation>
    </message>
    <message>
        <source>The recording has ended.</source>
        <translation>Nagranie się skończyło.</translation>
    </message>
</context>
<context>
    <name>ChartsTab</name>
    <message>
        <source>%1 — none yet</source>
        <translation>%1 — jeszcze brak</translation>
    </message>
    <message>
        <source>Handed over per hour (▲ carrier departs)</source>
        <translation>Przekazane na godzinę (▲ odjazd kuriera)</translation>
    </message>
    <message>
        <source>Order-to-ship time, orders per 2 h</source>
        <translation>Czas do wysyłki, zamówienia na 2 h</translation>
    </message>
    <message>
        <source>At-risk and late orders through the shift</source>
        <translation>Zamówienia zagrożone i spóźnione w ciągu zmiany</translation>
    </message>
    <message>
        <source>orders</source>
        <translation>zamówienia</translation>
    </message>
    <message>
        <source>%1–%2 h</source>
        <translation>%1–%2 h</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>zagrożone</translation>
    </message>
    <message>
        <source>late</source>
        <translation>spóźnione</translation>
    </message>
</context>
<context>
    <name>CountMessages</name>
    <message>
        <source>Scan the location to count.</source>
        <translation>Zeskanuj lokalizację do policzenia.</translation>
    </message>
    <message>
        <source>Location %1 is not known here.</source>
        <translation>Lokalizacja %1 jest tu nieznana.</translation>
    </message>
    <message>
        <source>Location %1: scan each unit, or scan the SKU and type the quantity. Enter books it.</source>
        <translation>Lokalizacja %1: zeskanuj każdą sztukę albo zeskanuj SKU i wpisz ilość. Enter zapisuje liczenie.</translation>
    </message>
    <message>
        <source>Scan the location first.</source>
        <translation>Najpierw zeskanuj lokalizację.</translation>
    </message>
    <message>
        <source>Count one SKU at a time: finish %1 first (Enter), or Esc to start again.</source>
        <translation>Licz jedno SKU naraz: najpierw zakończ %1 (Enter) albo Esc, aby zacząć od nowa.</translation>
    </message>
    <message>
        <source>%1: %2 counted.</source>
        <translation>%1: policzono %2.</translation>
    </message>
    <message>
        <source>The count differs from the books. Count %1 at %2 again, from zero.</source>
        <translation>Liczenie różni się od stanu w systemie. Policz %1 w %2 jeszcze raz, od zera.</translation>
    </message>
    <message>
        <source>The count differs from the books. Choose a reason (1–7).</source>
        <translation>Liczenie różni się od stanu w systemie. Wybierz przyczynę (1–7).</translation>
    </message>
    <message>
        <source>The difference is large: a supervisor scans their badge to book it.</source>
        <translation>Różnica jest duża: kierownik zmiany skanuje swój identyfikator, aby ją zaksięgować.</translation>
    </message>
    <message>
        <source>%1 is not a supervisor; a supervisor must approve this difference.</source>
        <translation>%1 nie jest kierownikiem zmiany; tę różnicę musi zatwierdzić kierownik.</translation>
    </message>
    <message>
        <source>Nothing was scanned: scan the SKU first (a location found empty: scan the SKU, type 0).</source>
        <translation>Nic nie zeskanowano: najpierw zeskanuj SKU (pusta lokalizacja: zeskanuj SKU, wpisz 0).</translation>
    </message>
    <message>
        <source>Booked: %1 × %2 at %3, as the books said.</source>
        <translation>Zaksięgowano: %1 × %2 w %3, zgodnie ze stanem w systemie.</translation>
    </message>
    <message>
        <source>Booked: %1 × %2 at %3; the books were %4, adjusted by %5 (%6).</source>
        <translation>Zaksięgowano: %1 × %2 w %3; w systemie było %4, korekta %5 (%6).</translation>
    </message>
    <message>
        <source>Count cancelled; nothing was booked.</source>
        <translation>Liczenie anulowane; nic nie zaksięgowano.</translation>
    </message>
    <message>
        <source>Badge %1 is not known here.</source>
        <translation>Identyfikator %1 jest tu nieznany.</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>uszkodzone</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>zagubione</translation>
    </message>
    <message>
        <source>found</source>
        <translation>znalezione</translation>
    </message>
    <message>
        <source>miscounted earlier</source>
        <translation>wcześniej źle policzone</translation>
    </message>
    <message>
        <source>theft</source>
        <translation>kradzież</translation>
    </message>
    <message>
        <source>in the wrong location</source>
        <translation>w złej lokalizacji</translation>
    </message>
    <message>
        <source>other</source>
        <translation>inne</translation>
    </message>
    <message>
        <source>opening</source>
        <translation>bilans otwarcia</translation>
    </message>
    <message>
        <source>import</source>
        <translation>import</translation>
    </message>
    <message>
        <source>receipt</source>
        <translation>przyjęcie</translation>
    </message>
    <message>
        <source>putaway</source>
        <translation>rozlokowanie</translation>
    </message>
    <message>
        <source>pick</source>
        <translation>kompletacja</translation>
    </message>
    <message>
        <source>short pick</source>
        <translation>brak przy kompletacji</translation>
    </message>
    <message>
        <source>replenishment</source>
        <translation>uzupełnienie</translation>
    </message>
    <message>
        <source>count</source>
        <translation>liczenie</translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation>korekta</translation>
    </message>
    <message>
        <source>return</source>
        <translation>zwrot</translation>
    </message>
</context>
<context>
    <name>CountPage</name>
    <message>
        <source>Blind count: scan the location, then each unit (or the SKU and type the quantity). Enter books it · F10 count again · Esc start again.</source>
        <translation>Liczenie na ślepo: zeskanuj lokalizację, potem każdą sztukę (albo SKU i wpisz ilość). Enter zapisuje · F10 policz jeszcze raz · Esc od nowa.</translation>
    </message>
    <message>
        <source>Location: scan it</source>
        <translation>Lokalizacja: zeskanuj ją</translation>
    </message>
    <message>
        <source>Counted: %1</source>
        <translation>Policzono: %1</translation>
    </message>
    <message>
        <source>reason number, Enter</source>
        <translation>numer przyczyny, Enter</translation>
    </message>
    <message>
        <source>quantity, Enter</source>
        <translation>ilość, Enter</translation>
    </message>
    <message>
        <source>Count %1 at %2</source>
        <translation>Policz %1 w %2</translation>
    </message>
</context>
<context>
    <name>ExceptionMessages</name>
    <message>
        <source>location empty</source>
        <translation>lokalizacja pusta</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>uszkodzone</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nie znaleziono</translation>
    </message>
    <message>
        <source>the door did not open</source>
        <translation>drzwi się nie otworzyły</translation>
    </message>
    <message>
        <source>the lock board did not answer</source>
        <translation>sterownik zamków nie odpowiedział</translation>
    </message>
    <message>
        <source>the door was open before the unlock</source>
        <translation>drzwi były otwarte przed odblokowaniem</translation>
    </message>
    <message>
        <source>not empty</source>
        <translation>skrytka nie była pusta</translation>
    </message>
    <message>
        <source>the door was open at start-up</source>
        <translation>drzwi były otwarte przy uruchomieniu</translation>
    </message>
    <message>
        <source>the contents need checking</source>
        <translation>zawartość trzeba sprawdzić</translation>
    </message>
    <message>
        <source>too small</source>
        <translation>za mała</translation>
    </message>
    <message>
        <source>dirty</source>
        <translation>brudna</translation>
    </message>
    <message>
        <source>pickup code</source>
        <translation>kod odbioru</translation>
    </message>
    <message>
        <source>reminder</source>
        <translation>przypomnienie</translation>
    </message>
    <message>
        <source>parcel expired</source>
        <translation>paczka nieodebrana</translation>
    </message>
    <message>
        <source>parcel returned</source>
        <translation>paczka zwrócona</translation>
    </message>
    <message>
        <source>return dropped off</source>
        <translation>zwrot nadany</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>spakowane</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>przekazane przewoźnikowi</translation>
    </message>
    <message>
        <source>restocked</source>
        <translation>odłożone na półkę</translation>
    </message>
    <message>
        <source>quarantined</source>
        <translation>w kwarantannie</translation>
    </message>
    <message>
        <source>disposed of</source>
        <translation>zutylizowane</translation>
    </message>
    <message>
        <source>message not delivered</source>
        <translation>wiadomość niedostarczona</translation>
    </message>
    <message>
        <source>shop not told</source>
        <translation>sklep nie powiadomiony</translation>
    </message>
    <message>
        <source>remote command refused</source>
        <translation>polecenie zdalne odrzucone</translation>
    </message>
    <message>
        <source>statistics incomplete</source>
        <translation>statystyki niepełne</translation>
    </message>
    <message>
        <source>cancelled after packing</source>
        <translation>anulowane po spakowaniu</translation>
    </message>
    <message>
        <source>changed after packing</source>
        <translation>zmienione po spakowaniu</translation>
    </message>
    <message>
        <source>parcel never announced</source>
        <translation>paczka bez awizacji</translation>
    </message>
    <message>
        <source>%1 × %2 were picked at %3, where the books held %4.</source>
        <translation>Pobrano %1 × %2 z %3, a według stanów było tam %4.</translation>
    </message>
    <message>
        <source>Short pick for order %1: %2 × %3 at %4 (%5); follow-up task at %6.</source>
        <translation>Brak przy kompletacji zamówienia %1: %2 × %3 w %4 (%5); zadanie uzupełniające w %6.</translation>
    </message>
    <message>
        <source>Short pick for order %1: %2 × %3 at %4 (%5); no stock elsewhere.</source>
        <translation>Brak przy kompletacji zamówienia %1: %2 × %3 w %4 (%5); nie ma zapasu gdzie indziej.</translation>
    </message>
    <message>
        <source>Reserve location %2 held no %1 (the books said %3) for pick face %4; count it.</source>
        <translation>W lokalizacji rezerwy %2 nie było %1 (według stanów %3) dla miejsca kompletacji %4; policz ją.</translation>
    </message>
    <message>
        <source>Short pick for order %1: %2 × %3 at %4 (%5); stock exists in another location.</source>
        <translation>Brak przy kompletacji zamówienia %1: %2 × %3 w %4 (%5); zapas jest w innej lokalizacji.</translation>
    </message>
    <message>
        <source>Order %1 weighed %2 g in box %3, expected %4 g ± %5 g (%6 g).</source>
        <translation>Zamówienie %1 ważyło %2 g w kartonie %3, oczekiwano %4 g ± %5 g (%6 g).</translation>
    </message>
    <message>
        <source>Compartment %1: %2 after an unlock.</source>
        <translation>Skrytka %1: %2 po odblokowaniu.</translation>
    </message>
    <message>
        <source>Compartment %1 has been open for %2 s.</source>
        <translation>Skrytka %1 jest otwarta od %2 s.</translation>
    </message>
    <message>
        <source>Compartment %1: %2.</source>
        <translation>Skrytka %1: %2.</translation>
    </message>
    <message>
        <source>Compartment %1: %2 (found when the kiosk started).</source>
        <translation>Skrytka %1: %2 (stwierdzono przy uruchomieniu automatu).</translation>
    </message>
    <message>
        <source>%1 was refused by the backend: %2</source>
        <translation>Serwer odrzucił %1: %2</translation>
    </message>
    <message>
        <source>A change from the backend to %1 %2 cannot be stored on this terminal (%3); it was set aside and sync goes on. Compare with the backend&apos;s copy.</source>
        <translation>Zmiany z serwera dla %1 %2 nie da się zapisać na tym terminalu (%3); odłożono ją, synchronizacja trwa dalej. Porównaj z kopią na serwerze.</translation>
    </message>
    <message>
        <source>Package %1 was handed over although its label never printed; a supervisor let it go.</source>
        <translation>Paczkę %1 wydano, choć jej etykieta nigdy się nie wydrukowała; zgodził się na to kierownik zmiany.</translation>
    </message>
    <message>
        <source>The %1 message for parcel %2 could not be sent by %3 after %4 attempt(s) (%5); tell the recipient another way.</source>
        <translation>Wiadomości „%1” dla paczki %2 nie udało się wysłać kanałem %3 po %4 próbach (%5); powiadom odbiorcę inaczej.</translation>
    </message>
    <message>
        <source>Event %1 (%2) could not be posted to the shop after %3 attempt(s); the shop can still read it from /v1/events.</source>
        <translation>Zdarzenia %1 (%2) nie udało się wysłać do sklepu po %3 próbach; sklep może je nadal odczytać z /v1/events.</translation>
    </message>
    <message>
        <source>Kiosk %1 refused remote command %2: %3. Check who sent it (handoff-backend support log).</source>
        <translation>Kiosk %1 odrzucił polecenie zdalne %2: %3. Sprawdź, kto je wysłał (handoff-backend support log).</translation>
    </message>
    <message>
        <source>The fleet statistics could not replay op %1 (seq %2 of terminal %3): %4. Its effects are missing until the stats are rebuilt (handoff-backend stats rebuild).</source>
        <translation>Statystyki floty nie mogły odtworzyć operacji %1 (seq %2 terminala %3): %4. Jej skutków brakuje do przebudowania statystyk (handoff-backend stats rebuild).</translation>
    </message>
    <message>
        <source>The marketplace cancelled order %1, which is already %2; stop or recall the parcel.</source>
        <translation>Marketplace anulował zamówienie %1, które jest już %2; zatrzymaj lub wycofaj paczkę.</translation>
    </message>
    <message>
        <source>The marketplace changed order %1 after it was packed; check and relabel the parcel.</source>
        <translation>Marketplace zmienił zamówienie %1 po spakowaniu; sprawdź paczkę i wydrukuj nową etykietę.</translation>
    </message>
    <message>
        <source>The marketplace changed order %1 after it was handed over.</source>
        <translation>Marketplace zmienił zamówienie %1 po przekazaniu przewoźnikowi.</translation>
    </message>
    <message>
        <source>%1 × %2 came back with order %3 but are not in it (%4); find whose they are.</source>
        <translation>%1 × %2 wróciło z zamówieniem %3, ale go w nim nie ma (%4); ustal, czyje to jest.</translation>
    </message>
</context>
<context>
    <name>FleetHealth</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Not reporting for %1</source>
        <translation>Nie raportuje od %1</translation>
    </message>
    <message>
        <source>Lock boards offline: %1 of %2 (board %3)</source>
        <translation>Sterowniki zamków offline: %1 z %2 (sterownik %3)</translation>
    </message>
    <message>
        <source>Backlog growing: %1 ops waiting, the oldest for %2</source>
        <translation>Rosnąca kolejka: %1 operacji czeka, najstarsza od %2</translation>
    </message>
    <message>
        <source>Sync failing (%1)</source>
        <translation>Synchronizacja nie działa (%1)</translation>
    </message>
    <message>
        <source>Doors faulted: %1</source>
        <translation>Drzwiczki z usterką: %1</translation>
    </message>
    <message>
        <source>a problem</source>
        <translation>problem</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>Drukarka: %1</translation>
    </message>
    <message>
        <source>Scanner: %1</source>
        <translation>Skaner: %1</translation>
    </message>
    <message>
        <source>Disk almost full: %1 MB free</source>
        <translation>Dysk prawie pełny: wolne %1 MB</translation>
    </message>
    <message>
        <source>Reporting normally; last report %1 ago</source>
        <translation>Raportuje prawidłowo; ostatni raport %1 temu</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 w %2</translation>
    </message>
    <message>
        <source>No terminal has reported its health to the backend yet.</source>
        <translation>Żaden terminal nie zgłosił jeszcze swojego stanu do serwera.</translation>
    </message>
    <message>
        <source>Terminals: %1 need attention, %2 report normally.</source>
        <translation>Terminale: %1 wymaga uwagi, %2 raportuje prawidłowo.</translation>
    </message>
</context>
<context>
    <name>FleetTab</name>
    <message>
        <source>Fleet figures come from the backend; press Refresh.</source>
        <translation>Dane floty pochodzą z serwera; naciśnij Odśwież.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Asking the backend…</source>
        <translation>Pytam serwer…</translation>
    </message>
    <message>
        <source>The whole fleet, from the backend.</source>
        <translation>Cała flota, według serwera.</translation>
    </message>
    <message>
        <source>This site as the backend has it (set stats.fleet_token_file for the fleet).</source>
        <translation>Ten obiekt według serwera (ustaw stats.fleet_token_file, aby zobaczyć całą flotę).</translation>
    </message>
    <message>
        <source>no backend is configured; enrol this terminal (handoff enroll) to see fleet figures.</source>
        <translation>nie skonfigurowano serwera; zarejestruj ten terminal (handoff enroll), aby zobaczyć dane floty.</translation>
    </message>
    <message>
        <source>the backend cannot be reached; the figures below are the last it gave.</source>
        <translation>brak połączenia z serwerem; poniżej ostatnie dane, jakie przekazał.</translation>
    </message>
    <message>
        <source>the backend refused this terminal; enrol it again (handoff enroll).</source>
        <translation>serwer odrzucił ten terminal; zarejestruj go ponownie (handoff enroll).</translation>
    </message>
    <message>
        <source>Fleet figures are not available: %1</source>
        <translation>Dane floty są niedostępne: %1</translation>
    </message>
</context>
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
        <translation>w kolejce: %1</translation>
    </message>
    <message>
        <source>oldest %1</source>
        <translation>najstarsza %1</translation>
    </message>
    <message>
        <source>last sync %1</source>
        <translation>synchronizacja %1</translation>
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
        <source>the backend cannot be reached; work is kept and sent when it answers</source>
        <translation>brak połączenia z serwerem; praca jest zapisana i zostanie wysłana, gdy odpowie</translation>
    </message>
    <message>
        <source>the backend refused this terminal; ask a supervisor (details in the tooltip)</source>
        <translation>serwer odrzucił ten terminal; poproś kierownika zmiany (szczegóły w podpowiedzi)</translation>
    </message>
    <message>
        <source>this terminal is not enrolled; ask a supervisor to enrol it</source>
        <translation>ten terminal nie jest zarejestrowany; poproś kierownika zmiany o rejestrację</translation>
    </message>
    <message>
        <source>the backend expects other operations; sync sorts it out on the next try</source>
        <translation>serwer oczekuje innych operacji; synchronizacja naprawi to przy następnej próbie</translation>
    </message>
    <message>
        <source>the backend has another history for this terminal; sync re-sends its work</source>
        <translation>serwer ma inną historię tego terminala; synchronizacja wyśle jego pracę ponownie</translation>
    </message>
    <message>
        <source>changes from the backend were set aside; see the supervisor&apos;s exceptions</source>
        <translation>zmiany z serwera odłożono na bok; zobacz wyjątki u kierownika zmiany</translation>
    </message>
    <message>
        <source>sync failed (details in the tooltip)</source>
        <translation>synchronizacja nie powiodła się (szczegóły w podpowiedzi)</translation>
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
    <name>HandoverPage</name>
    <message>
        <source>Scan each package as it goes onto the vehicle. F10: next vehicle.</source>
        <translation>Skanuj każdą paczkę ładowaną do samochodu. F10: następny samochód.</translation>
    </message>
    <message>
        <source>Vehicle: scan the first package</source>
        <translation>Samochód: zeskanuj pierwszą paczkę</translation>
    </message>
    <message>
        <source>%1 loaded · %2 still to load</source>
        <translation>załadowano %1 · do załadowania %2</translation>
    </message>
</context>
<context>
    <name>ImportMessages</name>
    <message>
        <source>The file cannot be read: %1.</source>
        <translation>Nie można odczytać pliku: %1.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text from this line on; save it as “CSV UTF-8” and import it again.</source>
        <translation>Od tego wiersza plik nie jest tekstem UTF-8; zapisz go jako „CSV UTF-8” i zaimportuj ponownie.</translation>
    </message>
    <message>
        <source>This is not JSON: %1.</source>
        <translation>To nie jest JSON: %1.</translation>
    </message>
    <message>
        <source>Each row must be a JSON object with named fields.</source>
        <translation>Każdy wiersz musi być obiektem JSON z nazwanymi polami.</translation>
    </message>
    <message>
        <source>The CSV file has no header line naming its columns.</source>
        <translation>Plik CSV nie ma wiersza nagłówka z nazwami kolumn.</translation>
    </message>
    <message>
        <source>Column %1 is empty; it is required.</source>
        <translation>Kolumna %1 jest pusta, a jest wymagana.</translation>
    </message>
    <message>
        <source>Column %1 is not one of this kind&apos;s columns (%2).</source>
        <translation>Kolumna %1 nie należy do kolumn tego rodzaju danych (%2).</translation>
    </message>
    <message>
        <source>Column %1 must be a whole number, not “%2”.</source>
        <translation>Kolumna %1 musi zawierać liczbę całkowitą, a nie „%2”.</translation>
    </message>
    <message>
        <source>Column %1 must be from %2 to %3, not %4.</source>
        <translation>Kolumna %1 musi mieć wartość od %2 do %3, a nie %4.</translation>
    </message>
    <message>
        <source>Column %1 holds more than %2 characters.</source>
        <translation>Kolumna %1 ma więcej niż %2 znaków.</translation>
    </message>
    <message>
        <source>Column %1 must be one of %2, not “%3”.</source>
        <translation>Kolumna %1 musi mieć jedną z wartości %2, a nie „%3”.</translation>
    </message>
    <message>
        <source>Column %1 holds characters that cannot be stored.</source>
        <translation>Kolumna %1 zawiera znaki, których nie można zapisać.</translation>
    </message>
    <message>
        <source>Column %1 must be a date written YYYY-MM-DD, not “%2”.</source>
        <translation>Kolumna %1 musi zawierać datę w postaci RRRR-MM-DD, a nie „%2”.</translation>
    </message>
    <message>
        <source>Column %1 must be a moment written YYYY-MM-DDTHH:MM:SS+00:00, not “%2”.</source>
        <translation>Kolumna %1 musi zawierać chwilę w postaci RRRR-MM-DDTGG:MM:SS+00:00, a nie „%2”.</translation>
    </message>
    <message>
        <source>Column %1 must be 1 or 0 (true or false), not “%2”.</source>
        <translation>Kolumna %1 musi mieć wartość 1 lub 0 (true lub false), a nie „%2”.</translation>
    </message>
    <message>
        <source>Column %1 cannot be “%2”.</source>
        <translation>Kolumna %1 nie może mieć wartości „%2”.</translation>
    </message>
    <message>
        <source>%1 appears again; it was first on line %2.</source>
        <translation>%1 występuje ponownie; po raz pierwszy w wierszu %2.</translation>
    </message>
    <message>
        <source>SKU %1 is not known here; import the SKUs first.</source>
        <translation>Produkt %1 nie jest tu znany; najpierw zaimportuj produkty.</translation>
    </message>
    <message>
        <source>Location %1 is not known here; import the locations first.</source>
        <translation>Lokalizacja %1 nie jest tu znana; najpierw zaimportuj lokalizacje.</translation>
    </message>
    <message>
        <source>Carrier %1 is not known here.</source>
        <translation>Przewoźnik %1 nie jest tu znany.</translation>
    </message>
    <message>
        <source>Layout %1 is not known here.</source>
        <translation>Układ magazynu %1 nie jest tu znany.</translation>
    </message>
    <message>
        <source>There is no warehouse layout here to put locations in; name one in column layout.</source>
        <translation>Nie ma tu układu magazynu, do którego można dodać lokalizacje; podaj go w kolumnie layout.</translation>
    </message>
    <message>
        <source>Role %1 is not a role; use %2.</source>
        <translation>%1 nie jest rolą; użyj: %2.</translation>
    </message>
    <message>
        <source>Carrier %1 has no %2 departure that meets the promise; check its departures.</source>
        <translation>Przewoźnik %1 nie ma odjazdu %2, który dotrzymałby obiecanego terminu; sprawdź jego odjazdy.</translation>
    </message>
    <message>
        <source>Order %1 is %2 already; an import cannot change it.</source>
        <translation>Zamówienie %1 ma już status %2; import nie może go zmienić.</translation>
    </message>
    <message>
        <source>Order number %1 belongs to another order (%2).</source>
        <translation>Numer zamówienia %1 należy do innego zamówienia (%2).</translation>
    </message>
    <message>
        <source>Line of order %1 gives another %2 than its first line (line %3).</source>
        <translation>Wiersz zamówienia %1 podaje inną wartość %2 niż jego pierwszy wiersz (wiersz %3).</translation>
    </message>
    <message>
        <source>That badge belongs to another person (%1).</source>
        <translation>Ten identyfikator należy do innej osoby (%1).</translation>
    </message>
    <message>
        <source>Min %1 is more than max %2.</source>
        <translation>Min %1 jest większe niż maks %2.</translation>
    </message>
    <message>
        <source>This terminal is enrolled with a backend, which sends its orders and master data; import them on the backend instead.</source>
        <translation>Ten terminal jest zarejestrowany w serwerze, który przysyła jego zamówienia i dane podstawowe; zaimportuj je na serwerze.</translation>
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
    <name>LinesTable</name>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Policzono</translation>
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
    <name>ManualEntry</name>
    <message>
        <source>Code by hand (F9):</source>
        <translation>Kod ręcznie (F9):</translation>
    </message>
    <message>
        <source>code, then Enter</source>
        <translation>kod, potem Enter</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Type a code first, then press Enter.</source>
        <translation>Najpierw wpisz kod, potem naciśnij Enter.</translation>
    </message>
</context>
<context>
    <name>OpRejected</name>
    <message>
        <source>Order %1 is %2 and cannot be picked; ask for the next batch again.</source>
        <translation>Zamówienie %1 jest %2 i nie można go kompletować; poproś ponownie o następną partię.</translation>
    </message>
    <message>
        <source>Tote %1 still holds order %2; use an empty tote.</source>
        <translation>W pojemniku %1 jest jeszcze zamówienie %2; użyj pustego pojemnika.</translation>
    </message>
    <message>
        <source>%1 pick tasks are still open; pick or short them first.</source>
        <translation>Otwartych zadań kompletacji: %1; najpierw je skompletuj albo zgłoś braki.</translation>
    </message>
    <message>
        <source>That task is already complete.</source>
        <translation>To zadanie jest już zakończone.</translation>
    </message>
    <message>
        <source>That batch is not being picked.</source>
        <translation>Ta partia nie jest kompletowana.</translation>
    </message>
    <message>
        <source>That order is not in this batch.</source>
        <translation>Tego zamówienia nie ma w tej partii.</translation>
    </message>
    <message>
        <source>The quantity must be at least one.</source>
        <translation>Ilość musi wynosić co najmniej jeden.</translation>
    </message>
    <message>
        <source>Order %1 is %2 and cannot be packed now.</source>
        <translation>Zamówienie %1 jest %2 i nie można go teraz pakować.</translation>
    </message>
    <message>
        <source>Order %1 still has %2 line(s) not verified; scan every unit first.</source>
        <translation>Zamówienie %1 ma jeszcze niesprawdzone pozycje (%2); najpierw zeskanuj każdą sztukę.</translation>
    </message>
    <message>
        <source>Box type %1 is not known here.</source>
        <translation>Typ kartonu %1 nie jest tu znany.</translation>
    </message>
    <message>
        <source>SSCC %1 or tracking number %2 is already on a package.</source>
        <translation>SSCC %1 lub numer przesyłki %2 jest już na innej paczce.</translation>
    </message>
    <message>
        <source>Package %1 already has a label; a reprint needs a reason.</source>
        <translation>Paczka %1 ma już etykietę; dodruk wymaga podania powodu.</translation>
    </message>
    <message>
        <source>A reprint needs a reason (for example: damaged, smudged, lost).</source>
        <translation>Dodruk wymaga podania powodu (na przykład: uszkodzona, rozmazana, zgubiona).</translation>
    </message>
    <message>
        <source>Package %1 has no label yet, so there is nothing to reprint.</source>
        <translation>Paczka %1 nie ma jeszcze etykiety, więc nie ma czego dodrukować.</translation>
    </message>
    <message>
        <source>This parcel is not known at this locker.</source>
        <translation>Ta przesyłka nie jest znana w tym automacie.</translation>
    </message>
    <message>
        <source>That compartment is no longer free; another one will be chosen.</source>
        <translation>Ta skrytka nie jest już wolna; zostanie wybrana inna.</translation>
    </message>
    <message>
        <source>This parcel is not waiting to be deposited.</source>
        <translation>Ta przesyłka nie czeka na nadanie.</translation>
    </message>
    <message>
        <source>This parcel is not in the locker any more.</source>
        <translation>Tej przesyłki nie ma już w automacie.</translation>
    </message>
    <message>
        <source>That return has been received already.</source>
        <translation>Ten zwrot został już przyjęty.</translation>
    </message>
    <message>
        <source>That return is complete already.</source>
        <translation>Ten zwrot jest już zakończony.</translation>
    </message>
    <message>
        <source>Only %1 × %2 of this order can still come back; grade the rest as not in the order.</source>
        <translation>Z tego zamówienia może wrócić jeszcze tylko %1 × %2; resztę oceń jako spoza zamówienia.</translation>
    </message>
    <message>
        <source>That line is for %1, not %2.</source>
        <translation>Ta pozycja dotyczy %1, nie %2.</translation>
    </message>
    <message>
        <source>Quarantine and disposal need a reason.</source>
        <translation>Kwarantanna i utylizacja wymagają podania powodu.</translation>
    </message>
    <message>
        <source>Scan the location the item goes to.</source>
        <translation>Zeskanuj lokalizację, do której trafia towar.</translation>
    </message>
    <message>
        <source>%1 is a quarantine location; restock to a shelf.</source>
        <translation>%1 to lokalizacja kwarantanny; odłóż towar na półkę.</translation>
    </message>
    <message>
        <source>%1 is not a quarantine location.</source>
        <translation>%1 nie jest lokalizacją kwarantanny.</translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <source>open</source>
        <translation>otwarte</translation>
    </message>
    <message>
        <source>being picked</source>
        <translation>w kompletacji</translation>
    </message>
    <message>
        <source>picked</source>
        <translation>skompletowane</translation>
    </message>
    <message>
        <source>being packed</source>
        <translation>w pakowaniu</translation>
    </message>
    <message>
        <source>packed</source>
        <translation>spakowane</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>przekazane przewoźnikowi</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>anulowane</translation>
    </message>
</context>
<context>
    <name>OrderWords</name>
    <message>
        <source>Express same day</source>
        <translation>Ekspres tego samego dnia</translation>
    </message>
    <message>
        <source>Next day</source>
        <translation>Następny dzień</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
</context>
<context>
    <name>PackingMessages</name>
    <message>
        <source>Scan a tote or an order to pack.</source>
        <translation>Zeskanuj pojemnik lub zamówienie do spakowania.</translation>
    </message>
    <message>
        <source>Scan every unit: %1 of %2 counted.</source>
        <translation>Zeskanuj każdą sztukę: policzono %1 z %2.</translation>
    </message>
    <message>
        <source>Pack into box %1 and put it on the scale (or type the weight).</source>
        <translation>Zapakuj do kartonu %1 i połóż go na wadze (albo wpisz wagę).</translation>
    </message>
    <message>
        <source>Weight %1 g is not %2 ± %3 g: recount (F10), weigh again, or a supervisor scans their badge.</source>
        <translation>Waga %1 g to nie %2 ± %3 g: policz ponownie (F10), zważ jeszcze raz albo kierownik skanuje swój identyfikator.</translation>
    </message>
    <message>
        <source>The command %1 is not used at the pack station.</source>
        <translation>Polecenie %1 nie jest używane na stanowisku pakowania.</translation>
    </message>
    <message>
        <source>Scan a tote or an order first.</source>
        <translation>Najpierw zeskanuj pojemnik lub zamówienie.</translation>
    </message>
    <message>
        <source>Badge %1 is not known here; ask a supervisor to register it.</source>
        <translation>Identyfikator %1 nie jest tu znany; poproś kierownika o jego zarejestrowanie.</translation>
    </message>
    <message>
        <source>That scan is not used here:</source>
        <translation>Ten skan nie jest tu używany:</translation>
    </message>
    <message>
        <source>Tote %1 holds no order; scan the order&apos;s paper instead.</source>
        <translation>W pojemniku %1 nie ma zamówienia; zeskanuj zamiast tego dokument zamówienia.</translation>
    </message>
    <message>
        <source>Finish order %1 first, or scan CMD:CANCEL to put it aside.</source>
        <translation>Najpierw dokończ zamówienie %1 albo zeskanuj CMD:CANCEL, aby je odłożyć.</translation>
    </message>
    <message>
        <source>That order is not known here.</source>
        <translation>To zamówienie nie jest tu znane.</translation>
    </message>
    <message>
        <source>Order %1 is not picked yet; it cannot be packed.</source>
        <translation>Zamówienie %1 nie jest jeszcze skompletowane; nie można go pakować.</translation>
    </message>
    <message>
        <source>Order %1 is still being picked; wait for its tote.</source>
        <translation>Zamówienie %1 jest jeszcze kompletowane; poczekaj na jego pojemnik.</translation>
    </message>
    <message>
        <source>Order %1 is already packed.</source>
        <translation>Zamówienie %1 jest już spakowane.</translation>
    </message>
    <message>
        <source>Order %1 is already handed over to the carrier.</source>
        <translation>Zamówienie %1 zostało już przekazane przewoźnikowi.</translation>
    </message>
    <message>
        <source>Order %1 was cancelled: put its items back, do not pack them.</source>
        <translation>Zamówienie %1 zostało anulowane: odłóż jego towary, nie pakuj ich.</translation>
    </message>
    <message>
        <source>Order %1 has nothing to pack (every line was short).</source>
        <translation>W zamówieniu %1 nie ma nic do spakowania (wszystkich pozycji zabrakło).</translation>
    </message>
    <message>
        <source>Order %1.</source>
        <translation>Zamówienie %1.</translation>
    </message>
    <message>
        <source>Too many: every unit of this order is already counted. Nothing counted.</source>
        <translation>Za dużo: wszystkie sztuki tego zamówienia są już policzone. Nic nie policzono.</translation>
    </message>
    <message>
        <source>Wrong item %1: it is not in this order. Take it out; nothing counted.</source>
        <translation>Zły towar %1: nie ma go w tym zamówieniu. Wyjmij go; nic nie policzono.</translation>
    </message>
    <message>
        <source>Too many: every %1 of this order is already counted. Nothing counted.</source>
        <translation>Za dużo: wszystkie sztuki %1 z tego zamówienia są już policzone. Nic nie policzono.</translation>
    </message>
    <message>
        <source>Too many: this barcode counts %1, but only %2 more × %3 belong to this order. Nothing counted.</source>
        <translation>Za dużo: ten kod liczy %1, a do tego zamówienia należy jeszcze tylko %2 × %3. Nic nie policzono.</translation>
    </message>
    <message>
        <source>%1: %2 of %3. %4 of %5 counted.</source>
        <translation>%1: %2 z %3. Policzono %4 z %5.</translation>
    </message>
    <message>
        <source>All units counted. No box type takes them all: scan the box you use.</source>
        <translation>Wszystkie sztuki policzone. Żaden typ kartonu nie mieści wszystkiego: zeskanuj karton, którego używasz.</translation>
    </message>
    <message>
        <source>All units counted. Use box %1 (%2) and weigh it.</source>
        <translation>Wszystkie sztuki policzone. Użyj kartonu %1 (%2) i zważ go.</translation>
    </message>
    <message>
        <source>Box type %1 is not in use here.</source>
        <translation>Typ kartonu %1 nie jest tu używany.</translation>
    </message>
    <message>
        <source>Resolve the weight first: recount, weigh again or a supervisor.</source>
        <translation>Najpierw rozstrzygnij wagę: policz ponownie, zważ jeszcze raz albo wezwij kierownika.</translation>
    </message>
    <message>
        <source>Keep box %1.</source>
        <translation>Zostań przy kartonie %1.</translation>
    </message>
    <message>
        <source>An item of %1 mm does not fit into box %2.</source>
        <translation>Towar %1 mm nie mieści się w kartonie %2.</translation>
    </message>
    <message>
        <source>%1 g is over box %2&apos;s limit of %3 g.</source>
        <translation>%1 g to więcej niż dopuszczalne %3 g kartonu %2.</translation>
    </message>
    <message>
        <source>The items fill %1 % of box %2; more than %3 % rarely closes.</source>
        <translation>Towary wypełniają %1 % kartonu %2; przy ponad %3 % karton rzadko się domyka.</translation>
    </message>
    <message>
        <source>Box %1 (%2) chosen.</source>
        <translation>Wybrano karton %1 (%2).</translation>
    </message>
    <message>
        <source>Nothing to weigh now: count every unit first.</source>
        <translation>Teraz nie ma czego ważyć: najpierw policz każdą sztukę.</translation>
    </message>
    <message>
        <source>Nothing to weigh now.</source>
        <translation>Teraz nie ma czego ważyć.</translation>
    </message>
    <message>
        <source>Type a weight from 1 to %1 g.</source>
        <translation>Wpisz wagę od 1 do %1 g.</translation>
    </message>
    <message>
        <source>Scan the box you use first.</source>
        <translation>Najpierw zeskanuj karton, którego używasz.</translation>
    </message>
    <message>
        <source>Order %1 goes to a locker and box %2 fits no compartment; scan a smaller box.</source>
        <translation>Zamówienie %1 idzie do automatu, a karton %2 nie mieści się w żadnej skrytce; zeskanuj mniejszy karton.</translation>
    </message>
    <message>
        <source>There is no order to recount.</source>
        <translation>Nie ma zamówienia do ponownego policzenia.</translation>
    </message>
    <message>
        <source>Recount: take everything out and scan each unit again.</source>
        <translation>Ponowne liczenie: wyjmij wszystko i zeskanuj każdą sztukę jeszcze raz.</translation>
    </message>
    <message>
        <source>There is no weight to accept.</source>
        <translation>Nie ma wagi do zaakceptowania.</translation>
    </message>
    <message>
        <source>%1 is not a supervisor; a supervisor must accept the weight.</source>
        <translation>%1 nie jest kierownikiem; wagę musi zaakceptować kierownik.</translation>
    </message>
    <message>
        <source>There is no order to put aside.</source>
        <translation>Nie ma zamówienia do odłożenia.</translation>
    </message>
    <message>
        <source>Order %1 put aside; scanning its tote resumes it.</source>
        <translation>Zamówienie %1 odłożone; zeskanowanie jego pojemnika je wznowi.</translation>
    </message>
    <message>
        <source>Packed: %1, %2 g, tracking %3.</source>
        <translation>Spakowano: %1, %2 g, numer przesyłki %3.</translation>
    </message>
    <message>
        <source>Packed (accepted by %1): %2, %3 g, tracking %4.</source>
        <translation>Spakowano (zaakceptował(a) %1): %2, %3 g, numer przesyłki %4.</translation>
    </message>
    <message>
        <source>The label could not be queued: %1</source>
        <translation>Nie udało się dodać etykiety do kolejki: %1</translation>
    </message>
    <message>
        <source>Scan the next tote.</source>
        <translation>Zeskanuj następny pojemnik.</translation>
    </message>
    <message>
        <source>%1 is not a package packed here; put it aside for the supervisor.</source>
        <translation>%1 to nie paczka spakowana tutaj; odłóż ją dla kierownika.</translation>
    </message>
    <message>
        <source>Package %1 goes with %2, not %3; keep it off this vehicle.</source>
        <translation>Paczka %1 jedzie z %2, nie z %3; nie ładuj jej do tego samochodu.</translation>
    </message>
    <message>
        <source>Package %1 was already handed over at %2.</source>
        <translation>Paczka %1 została już przekazana o %2.</translation>
    </message>
    <message>
        <source>%1 (%2) loaded for %3: %4 on this vehicle, %5 still to load.</source>
        <translation>%1 (%2) załadowana dla %3: %4 w tym samochodzie, jeszcze %5 do załadowania.</translation>
    </message>
    <message>
        <source>Thank you: label marked as printed.</source>
        <translation>Dziękuję: etykieta oznaczona jako wydrukowana.</translation>
    </message>
    <message>
        <source>The label is printed again (recorded as a reprint).</source>
        <translation>Etykieta drukuje się ponownie (zapisano jako dodruk).</translation>
    </message>
    <message>
        <source>Next vehicle: scan its first package.</source>
        <translation>Następny samochód: zeskanuj pierwszą paczkę.</translation>
    </message>
    <message>
        <source>The label of package %1 never printed: keep it off the vehicle and reprint it, or a supervisor scans their badge to let it go without one.</source>
        <translation>Etykieta paczki %1 nie została wydrukowana: nie ładuj jej i wydrukuj etykietę ponownie albo kierownik skanuje swój identyfikator, aby puścić ją bez etykiety.</translation>
    </message>
    <message>
        <source>%1 is not a supervisor; only a supervisor can let a package go without a label.</source>
        <translation>%1 nie jest kierownikiem; tylko kierownik może puścić paczkę bez etykiety.</translation>
    </message>
    <message>
        <source>There is no package waiting for a supervisor here.</source>
        <translation>Żadna paczka nie czeka tu na decyzję kierownika.</translation>
    </message>
    <message>
        <source>%1 (%2) loaded for %3 without a printed label, accepted by %4: %5 on this vehicle, %6 still to load.</source>
        <translation>%1 (%2) załadowana dla %3 bez wydrukowanej etykiety, zgoda: %4; %5 w tym samochodzie, jeszcze %6 do załadowania.</translation>
    </message>
</context>
<context>
    <name>PackingPage</name>
    <message>
        <source>type the weight in grams, Enter</source>
        <translation>wpisz wagę w gramach, Enter</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Coś poszło nie tak: %1</translation>
    </message>
    <message>
        <source>Log in as a packer to pack.</source>
        <translation>Zaloguj się jako pakowacz, aby pakować.</translation>
    </message>
    <message>
        <source>Next order</source>
        <translation>Następne zamówienie</translation>
    </message>
    <message>
        <source>Packed: %1 g, box %2, tracking %3</source>
        <translation>Spakowano: %1 g, karton %2, numer przesyłki %3</translation>
    </message>
    <message>
        <source>Box %1</source>
        <translation>Karton %1</translation>
    </message>
    <message>
        <source>Weight does not match: F10 recount, weigh again, or a supervisor scans their badge.</source>
        <translation>Waga się nie zgadza: F10 – policz ponownie, zważ jeszcze raz albo kierownik skanuje swój identyfikator.</translation>
    </message>
    <message>
        <source>Expected %1 g ± %2 g</source>
        <translation>Oczekiwano %1 g ± %2 g</translation>
    </message>
    <message>
        <source>No scale: type the weight.</source>
        <translation>Brak wagi: wpisz wagę.</translation>
    </message>
    <message>
        <source>Scale: %1 — type the weight.</source>
        <translation>Waga: %1 — wpisz wagę.</translation>
    </message>
    <message>
        <source>Scale: stable</source>
        <translation>Waga: stabilna</translation>
    </message>
    <message>
        <source>Scale: settling…</source>
        <translation>Waga: stabilizuje się…</translation>
    </message>
    <message>
        <source>Did the label come out of the printer? Y = yes, N = no (print it again)</source>
        <translation>Czy etykieta wyszła z drukarki? Y = tak, N = nie (wydrukuj ponownie)</translation>
    </message>
    <message>
        <source>Label printed.</source>
        <translation>Etykieta wydrukowana.</translation>
    </message>
    <message>
        <source>Printer is off — the label is kept and prints when it is back; press F11 to retry.</source>
        <translation>Drukarka jest wyłączona — etykieta czeka i wydrukuje się, gdy drukarka wróci; F11 – spróbuj ponownie.</translation>
    </message>
    <message>
        <source>The printer connection broke while sending: check the printer.</source>
        <translation>Połączenie z drukarką zerwało się w trakcie wysyłania: sprawdź drukarkę.</translation>
    </message>
    <message>
        <source>Label queued.</source>
        <translation>Etykieta w kolejce.</translation>
    </message>
</context>
<context>
    <name>PickingMessages</name>
    <message>
        <source>Scan an empty tote for slot %1 (%2).</source>
        <translation>Zeskanuj pusty pojemnik na miejsce %1 (%2).</translation>
    </message>
    <message>
        <source>Batch done: take the cart to packing.</source>
        <translation>Partia gotowa: zawieź wózek do pakowania.</translation>
    </message>
    <message>
        <source>Go to %1 and scan the location.</source>
        <translation>Idź do %1 i zeskanuj lokalizację.</translation>
    </message>
    <message>
        <source>Pick %1 × %2 into tote %3 (%4).</source>
        <translation>Pobierz %1 × %2 do pojemnika %3 (%4).</translation>
    </message>
    <message>
        <source>There is nothing to pick in your zones right now.</source>
        <translation>W Twoich strefach nie ma teraz nic do pobrania.</translation>
    </message>
    <message>
        <source>Batch with %1 orders resumed.</source>
        <translation>Wznowiono partię (zamówienia: %1).</translation>
    </message>
    <message>
        <source>%1 is not a barcode used here.</source>
        <translation>%1 to nie jest kod kreskowy używany tutaj.</translation>
    </message>
    <message>
        <source>Short pick: choose the reason — empty, damaged or not found.</source>
        <translation>Brak towaru: wybierz powód — pusto, uszkodzony lub nie znaleziono.</translation>
    </message>
    <message>
        <source>There is no pick task open; ask for the next batch.</source>
        <translation>Nie ma otwartego zadania pobrania; weź następną partię.</translation>
    </message>
    <message>
        <source>Wrong location %1: go to %2.</source>
        <translation>Zła lokalizacja %1: idź do %2.</translation>
    </message>
    <message>
        <source>Scan the location %1 first.</source>
        <translation>Najpierw zeskanuj lokalizację %1.</translation>
    </message>
    <message>
        <source>Wrong location %1: pick at %2.</source>
        <translation>Zła lokalizacja %1: pobieraj w %2.</translation>
    </message>
    <message>
        <source>That scan is not used here:</source>
        <translation>Ten skan nie jest tu używany:</translation>
    </message>
    <message>
        <source>Scan a tote first:</source>
        <translation>Najpierw zeskanuj pojemnik:</translation>
    </message>
    <message>
        <source>Tote %1 is slot %2 (%3).</source>
        <translation>Pojemnik %1 to miejsce %2 (%3).</translation>
    </message>
    <message>
        <source>Wrong item %1: this is %2 (%3). Nothing recorded.</source>
        <translation>Zły towar %1: tu jest %2 (%3). Nic nie zapisano.</translation>
    </message>
    <message>
        <source>Too many: only %1 more × %2 for this order. Nothing recorded.</source>
        <translation>Za dużo: do tego zamówienia jeszcze tylko %1 × %2. Nic nie zapisano.</translation>
    </message>
    <message>
        <source>There is no item to count now.</source>
        <translation>Nie ma teraz towaru do liczenia.</translation>
    </message>
    <message>
        <source>Scan one unit of the item before typing a quantity.</source>
        <translation>Zeskanuj jedną sztukę towaru, zanim wpiszesz ilość.</translation>
    </message>
    <message>
        <source>Type a quantity from %1 to %2.</source>
        <translation>Wpisz ilość od %1 do %2.</translation>
    </message>
    <message>
        <source>%1 of %2.</source>
        <translation>%1 z %2.</translation>
    </message>
    <message>
        <source>Task done: %1 × %2 in tote %3.</source>
        <translation>Zadanie wykonane: %1 × %2 w pojemniku %3.</translation>
    </message>
    <message>
        <source>There is no pick task to short.</source>
        <translation>Nie ma zadania pobrania, w którym można zgłosić brak.</translation>
    </message>
    <message>
        <source>Choose a reason: empty, damaged or not found.</source>
        <translation>Wybierz powód: pusto, uszkodzony lub nie znaleziono.</translation>
    </message>
    <message>
        <source>Short pick recorded for %1.</source>
        <translation>Zapisano brak towaru: %1.</translation>
    </message>
    <message>
        <source>A follow-up task at %1 is added to your route.</source>
        <translation>Do Twojej trasy dodano zadanie uzupełniające w %1.</translation>
    </message>
    <message>
        <source>There is no stock elsewhere; the supervisor is told.</source>
        <translation>Nigdzie indziej nie ma zapasu; kierownik został powiadomiony.</translation>
    </message>
    <message>
        <source>Order %1 was cancelled: take tote %2 (%3) off the cart and put its items back.</source>
        <translation>Zamówienie %1 zostało anulowane: zdejmij pojemnik %2 (%3) z wózka i odłóż towary na miejsce.</translation>
    </message>
</context>
<context>
    <name>PickingPage</name>
    <message>
        <source>red</source>
        <translation>czerwony</translation>
    </message>
    <message>
        <source>blue</source>
        <translation>niebieski</translation>
    </message>
    <message>
        <source>green</source>
        <translation>zielony</translation>
    </message>
    <message>
        <source>yellow</source>
        <translation>żółty</translation>
    </message>
    <message>
        <source>orange</source>
        <translation>pomarańczowy</translation>
    </message>
    <message>
        <source>purple</source>
        <translation>fioletowy</translation>
    </message>
    <message>
        <source>white</source>
        <translation>biały</translation>
    </message>
    <message>
        <source>black</source>
        <translation>czarny</translation>
    </message>
    <message>
        <source>pink</source>
        <translation>różowy</translation>
    </message>
    <message>
        <source>brown</source>
        <translation>brązowy</translation>
    </message>
    <message>
        <source>grey</source>
        <translation>szary</translation>
    </message>
    <message>
        <source>cyan</source>
        <translation>turkusowy</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>Liczba:</translation>
    </message>
    <message>
        <source>type the total and press Enter</source>
        <translation>wpisz sumę i naciśnij Enter</translation>
    </message>
    <message>
        <source>Short pick (F10)</source>
        <translation>Brak towaru (F10)</translation>
    </message>
    <message>
        <source>Next batch (F11)</source>
        <translation>Następna partia (F11)</translation>
    </message>
    <message>
        <source>%v of %m tasks</source>
        <translation>%v z %m zadań</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Coś poszło nie tak: %1</translation>
    </message>
    <message>
        <source>Press F11 for the next batch first.</source>
        <translation>Najpierw naciśnij F11, aby pobrać następną partię.</translation>
    </message>
    <message>
        <source>There is no pick task to short.</source>
        <translation>Nie ma zadania, w którym można zgłosić brak.</translation>
    </message>
    <message>
        <source>Ship by: %1</source>
        <translation>Wysyłka do: %1</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>LATE %1</source>
        <translation>SPÓŹNIONE %1</translation>
    </message>
    <message>
        <source>Press F11 to get the next batch.</source>
        <translation>Naciśnij F11, aby pobrać następną partię.</translation>
    </message>
    <message>
        <source>Planned route: %1 m</source>
        <translation>Zaplanowana trasa: %1 m</translation>
    </message>
    <message>
        <source>Bind totes</source>
        <translation>Przypisz pojemniki</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Gotowe</translation>
    </message>
    <message>
        <source>Take the cart to packing.</source>
        <translation>Zawieź wózek do pakowania.</translation>
    </message>
    <message>
        <source>Tote %1</source>
        <translation>Pojemnik %1</translation>
    </message>
</context>
<context>
    <name>ReceivingPage</name>
    <message>
        <source>Licence plate %1 printed. %2</source>
        <translation>Nośnik %1 wydrukowany. %2</translation>
    </message>
    <message>
        <source>The printer did not print the label of licence plate %1 (%2). The plate is kept: press F11 to print it again.</source>
        <translation>Drukarka nie wydrukowała etykiety nośnika %1 (%2). Nośnik jest zapisany: naciśnij F11, aby wydrukować ją ponownie.</translation>
    </message>
    <message>
        <source>Delivery %1 is received.</source>
        <translation>Dostawa %1 przyjęta.</translation>
    </message>
    <message>
        <source>%1 is not an item. Scan an item, or the delivery note again to finish.</source>
        <translation>%1 to nie towar. Zeskanuj towar albo ponownie dokument dostawy, aby zakończyć.</translation>
    </message>
    <message>
        <source>Scan the delivery note first, or a licence plate to put away.</source>
        <translation>Najpierw zeskanuj dokument dostawy albo nośnik do rozlokowania.</translation>
    </message>
    <message>
        <source>Delivery %1: scan the items.</source>
        <translation>Dostawa %1: skanuj towary.</translation>
    </message>
    <message>
        <source>No delivery %1 was announced: receiving it as unannounced. Scan the items.</source>
        <translation>Dostawa %1 nie była awizowana: przyjmujemy ją jako nieawizowaną. Skanuj towary.</translation>
    </message>
    <message>
        <source>Everything on licence plate %1 is put away.</source>
        <translation>Wszystko z nośnika %1 jest już rozlokowane.</translation>
    </message>
    <message>
        <source>Licence plate %1: take it to the location shown.</source>
        <translation>Nośnik %1: zawieź go do wskazanej lokalizacji.</translation>
    </message>
    <message>
        <source>%1 × %2 on licence plate %3.</source>
        <translation>%1 × %2 na nośniku %3.</translation>
    </message>
    <message>
        <source>Scan a licence plate first.</source>
        <translation>Najpierw zeskanuj nośnik.</translation>
    </message>
    <message>
        <source>%1 is not a location. Scan the shelf&apos;s label: %2.</source>
        <translation>%1 to nie lokalizacja. Zeskanuj etykietę półki: %2.</translation>
    </message>
    <message>
        <source>%1 is not the suggested location %2. Scan %1 again to put the units there.</source>
        <translation>%1 to nie proponowana lokalizacja %2. Zeskanuj %1 jeszcze raz, aby odłożyć tam towar.</translation>
    </message>
    <message>
        <source>%1 × %2 put away at %3.</source>
        <translation>%1 × %2 odłożono w %3.</translation>
    </message>
    <message>
        <source>Scan the delivery note first.</source>
        <translation>Najpierw zeskanuj dokument dostawy.</translation>
    </message>
    <message>
        <source>Scan the items.</source>
        <translation>Skanuj towary.</translation>
    </message>
    <message>
        <source>There is no licence plate to print.</source>
        <translation>Nie ma nośnika do wydrukowania.</translation>
    </message>
    <message>
        <source>Scan a delivery note or a licence plate.</source>
        <translation>Zeskanuj dokument dostawy albo nośnik.</translation>
    </message>
    <message>
        <source>Scan the delivery note (or type the supplier), or a licence plate to put away.</source>
        <translation>Zeskanuj dokument dostawy (albo wpisz dostawcę) lub nośnik do rozlokowania.</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Przyjęcie towaru</translation>
    </message>
    <message>
        <source>Scan the items (type a quantity first for many). F10: new licence plate, F11: print its label again. Scan the note again to finish.</source>
        <translation>Skanuj towary (przy wielu sztukach najpierw wpisz ilość). F10: nowy nośnik, F11: ponowny wydruk etykiety. Zeskanuj dokument jeszcze raz, aby zakończyć.</translation>
    </message>
    <message>
        <source>licence plate %1</source>
        <translation>nośnik %1</translation>
    </message>
    <message>
        <source>no licence plate yet</source>
        <translation>jeszcze bez nośnika</translation>
    </message>
    <message>
        <source>announced</source>
        <translation>awizowana</translation>
    </message>
    <message>
        <source>unannounced</source>
        <translation>nieawizowana</translation>
    </message>
    <message>
        <source>Take the units to this location and scan its label.</source>
        <translation>Zanieś towar do tej lokalizacji i zeskanuj jej etykietę.</translation>
    </message>
    <message>
        <source>lot %1</source>
        <translation>partia %1</translation>
    </message>
    <message>
        <source>best before %1</source>
        <translation>termin ważności %1</translation>
    </message>
    <message>
        <source>%1 line(s) left on licence plate %2</source>
        <translation>pozycji do rozlokowania na nośniku %2: %1</translation>
    </message>
    <message>
        <source>no free location: choose one</source>
        <translation>brak wolnej lokalizacji: wybierz sam</translation>
    </message>
    <message>
        <source>quantity (Enter not needed: scan the item)</source>
        <translation>ilość (bez Enter: zeskanuj towar)</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Towar</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Oczekiwano</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Przyjęto</translation>
    </message>
    <message>
        <source>Over / under</source>
        <translation>Nadwyżka / brak</translation>
    </message>
</context>
<context>
    <name>ReceivingRefusal</name>
    <message>
        <source>A delivery needs its delivery note number or the supplier&apos;s name.</source>
        <translation>Dostawa potrzebuje numeru dokumentu dostawy albo nazwy dostawcy.</translation>
    </message>
    <message>
        <source>That delivery is not known here.</source>
        <translation>Ta dostawa nie jest tu znana.</translation>
    </message>
    <message>
        <source>Licence plate %1 is in use already.</source>
        <translation>Nośnik %1 jest już w użyciu.</translation>
    </message>
    <message>
        <source>Licence plate %1 does not belong to this delivery.</source>
        <translation>Nośnik %1 nie należy do tej dostawy.</translation>
    </message>
    <message>
        <source>This site has no warehouse layout yet; sync before receiving.</source>
        <translation>Ten obiekt nie ma jeszcze układu magazynu; zsynchronizuj przed przyjęciem.</translation>
    </message>
    <message>
        <source>That receipt line is not known here.</source>
        <translation>Ta pozycja przyjęcia nie jest tu znana.</translation>
    </message>
    <message>
        <source>Those units have been put away already.</source>
        <translation>Ten towar został już rozlokowany.</translation>
    </message>
    <message>
        <source>%1 is not a location goods can be put away to.</source>
        <translation>%1 to nie lokalizacja, do której można odłożyć towar.</translation>
    </message>
    <message>
        <source>That delivery has been closed already.</source>
        <translation>Ta dostawa została już zamknięta.</translation>
    </message>
</context>
<context>
    <name>ReplenishPage</name>
    <message>
        <source>Below min after a pick</source>
        <extracomment>what the task list depends on: a pulled task, a pick elsewhere, new stock</extracomment>
        <translation>Poniżej minimum po pobraniu</translation>
    </message>
    <message>
        <source>A picker found it short</source>
        <translation>Kompletujący zgłosił brak</translation>
    </message>
    <message>
        <source>Taken:</source>
        <translation>Wzięto:</translation>
    </message>
    <message>
        <source>type the quantity and press Enter</source>
        <translation>wpisz ilość i naciśnij Enter</translation>
    </message>
    <message>
        <source>Reserve empty (F10)</source>
        <translation>Rezerwa pusta (F10)</translation>
    </message>
    <message>
        <source>Next task (F11)</source>
        <translation>Następne zadanie (F11)</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>Coś poszło nie tak: %1</translation>
    </message>
    <message>
        <source>Press F11 for the next replenishment task.</source>
        <translation>Naciśnij F11, aby pobrać następne zadanie uzupełnienia.</translation>
    </message>
    <message>
        <source>Nothing to do</source>
        <translation>Nic do zrobienia</translation>
    </message>
    <message>
        <source>To: %1</source>
        <translation>Do: %1</translation>
    </message>
    <message>
        <source>From: %1</source>
        <translation>Z: %1</translation>
    </message>
    <message>
        <source>%1 · on the face %2 (min %3, max %4)</source>
        <translation>%1 · na miejscu %2 (min %3, maks %4)</translation>
    </message>
    <message>
        <source>Orders waiting: %1</source>
        <translation>Czekające zamówienia: %1</translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> i %1 więcej</translation>
    </message>
    <message>
        <source>No order waits for it now.</source>
        <translation>Żadne zamówienie teraz na to nie czeka.</translation>
    </message>
</context>
<context>
    <name>ReturnLines</name>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Zwrócono</translation>
    </message>
</context>
<context>
    <name>ReturnsMessages</name>
    <message>
        <source>Scan the returned parcel: its label, the order&apos;s ref or the return code.</source>
        <translation>Zeskanuj zwróconą paczkę: jej etykietę, numer zamówienia albo kod zwrotu.</translation>
    </message>
    <message>
        <source>Return of order %1: scan each item out of the parcel (%2 graded). F10 when it is empty.</source>
        <translation>Zwrot zamówienia %1: zeskanuj każdą sztukę wyjętą z paczki (ocenione: %2). F10, gdy paczka jest pusta.</translation>
    </message>
    <message>
        <source>%1 (%2): 1 restock · 2 quarantine · 3 dispose.</source>
        <translation>%1 (%2): 1 na półkę · 2 kwarantanna · 3 utylizacja.</translation>
    </message>
    <message>
        <source>%1 is NOT IN ORDER %2. Grade it: 1 restock · 2 quarantine · 3 dispose.</source>
        <translation>%1 NIE JEST W ZAMÓWIENIU %2. Oceń: 1 na półkę · 2 kwarantanna · 3 utylizacja.</translation>
    </message>
    <message>
        <source>Why is %1 not restocked? 1 damaged · 2 opened or used · 3 incomplete · 4 other.</source>
        <translation>Dlaczego %1 nie wraca na półkę? 1 uszkodzone · 2 otwarte lub używane · 3 niekompletne · 4 inny powód.</translation>
    </message>
    <message>
        <source>Put %1 at %2 and scan the location.</source>
        <translation>Odłóż %1 do %2 i zeskanuj lokalizację.</translation>
    </message>
    <message>
        <source>Scan the location %1 goes to.</source>
        <translation>Zeskanuj lokalizację dla %1.</translation>
    </message>
    <message>
        <source>%1 finds no order here: scan the parcel&apos;s label, the order&apos;s ref or the return code.</source>
        <translation>%1 nie wskazuje żadnego zamówienia: zeskanuj etykietę paczki, numer zamówienia albo kod zwrotu.</translation>
    </message>
    <message>
        <source>Order %1 received back at %2.</source>
        <translation>Zwrot zamówienia %1 przyjęty o %2.</translation>
    </message>
    <message>
        <source>The return of order %1 was not complete: carry on grading it.</source>
        <translation>Zwrot zamówienia %1 nie został zakończony: kontynuuj ocenę.</translation>
    </message>
    <message>
        <source>%1 × %2 restocked at %3.</source>
        <translation>%1 × %2 odłożone na półkę %3.</translation>
    </message>
    <message>
        <source>%1 × %2 quarantined at %3.</source>
        <translation>%1 × %2 w kwarantannie %3.</translation>
    </message>
    <message>
        <source>%1 × %2 disposed of.</source>
        <translation>%1 × %2 do utylizacji.</translation>
    </message>
    <message>
        <source>%1 is not in order %2: grade it; the supervisor is told.</source>
        <translation>%1 nie ma w zamówieniu %2: oceń tę sztukę; kierownik zostanie powiadomiony.</translation>
    </message>
    <message>
        <source>Every %1 of order %2 is graded already: this one is not in the order.</source>
        <translation>Wszystkie %1 z zamówienia %2 są już ocenione: ta sztuka jest spoza zamówienia.</translation>
    </message>
    <message>
        <source>Scan an item of the parcel (a product barcode).</source>
        <translation>Zeskanuj sztukę z paczki (kod kreskowy produktu).</translation>
    </message>
    <message>
        <source>Press 1, 2 or 3 to grade %1 first.</source>
        <translation>Najpierw oceń %1: naciśnij 1, 2 lub 3.</translation>
    </message>
    <message>
        <source>There is no quarantine location here: import one (zone QUARANTINE).</source>
        <translation>Brak lokalizacji kwarantanny: zaimportuj ją (strefa QUARANTINE).</translation>
    </message>
    <message>
        <source>%1 is not a quarantine location: scan %2.</source>
        <translation>%1 nie jest lokalizacją kwarantanny: zeskanuj %2.</translation>
    </message>
    <message>
        <source>%1 is a quarantine location: restock to a shelf.</source>
        <translation>%1 to lokalizacja kwarantanny: odłóż towar na półkę.</translation>
    </message>
    <message>
        <source>Scan a location barcode.</source>
        <translation>Zeskanuj kod lokalizacji.</translation>
    </message>
    <message>
        <source>Return of order %1 complete: %2 restocked, %3 quarantined, %4 disposed.</source>
        <translation>Zwrot zamówienia %1 zakończony: na półkę %2, kwarantanna %3, utylizacja %4.</translation>
    </message>
    <message>
        <source>No return is open.</source>
        <translation>Żaden zwrot nie jest otwarty.</translation>
    </message>
    <message>
        <source>Item put aside; scan the next one.</source>
        <translation>Sztuka odłożona na bok; zeskanuj następną.</translation>
    </message>
    <message>
        <source>Finish grading %1 first (Esc puts it aside).</source>
        <translation>Najpierw dokończ ocenę %1 (Esc odkłada ją na bok).</translation>
    </message>
</context>
<context>
    <name>ReturnsPage</name>
    <message>
        <source>1–4 choose · F10 parcel empty, return complete · Esc put the item aside</source>
        <translation>1–4 wybór · F10 paczka pusta, zwrot zakończony · Esc odłóż sztukę na bok</translation>
    </message>
    <message>
        <source>Log in with a stocker&apos;s badge to take returns.</source>
        <translation>Zaloguj się identyfikatorem magazyniera, aby przyjmować zwroty.</translation>
    </message>
    <message>
        <source>NOT IN THIS ORDER: %1</source>
        <translation>SPOZA ZAMÓWIENIA: %1</translation>
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
        <source>Picker cart</source>
        <translation>Wózek kompletacyjny</translation>
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
    <name>ScanMessages</name>
    <message>
        <source>Scanning settings cannot be used: %1</source>
        <translation>Nie można użyć ustawień skanowania: %1</translation>
    </message>
    <message>
        <source>Read %1 but the database could not be read (%2); scan it again.</source>
        <translation>Odczytano %1, ale nie udało się odczytać bazy danych (%2); zeskanuj jeszcze raz.</translation>
    </message>
    <message>
        <source>Read %1 but could not work out what it is (%2).</source>
        <translation>Odczytano %1, ale nie udało się ustalić, co to jest (%2).</translation>
    </message>
    <message>
        <source>The scanner sent something that is not text.</source>
        <translation>Skaner przysłał coś, co nie jest tekstem.</translation>
    </message>
    <message>
        <source>The scan%1 was empty; scan the barcode again.</source>
        <translation>Skan%1 był pusty; zeskanuj kod jeszcze raz.</translation>
    </message>
    <message>
        <source>The scan%1 is %2 characters long, too long to be a Handoff barcode.</source>
        <translation>Skan%1 ma %2 znaków — za dużo jak na kod Handoff.</translation>
    </message>
    <message>
        <source>Read %1%2, which has control characters in it; check the scanner&apos;s settings.</source>
        <translation>Odczytano %1%2 — zawiera znaki sterujące; sprawdź ustawienia skanera.</translation>
    </message>
    <message>
        <source>Read GS1 data %1%2 but it cannot be parsed: %3.</source>
        <translation>Odczytano dane GS1 %1%2, ale nie da się ich rozłożyć: %3.</translation>
    </message>
    <message>
        <source>Read the web address %1%2, which is not a Handoff barcode.</source>
        <translation>Odczytano adres internetowy %1%2 — to nie jest kod Handoff.</translation>
    </message>
    <message>
        <source>Read GTIN %1%2, but no product in the catalogue has it.</source>
        <translation>Odczytano GTIN %1%2, ale żaden produkt w katalogu go nie ma.</translation>
    </message>
    <message>
        <source>Read %1%2, which looks like an EAN/GTIN but its check digit is wrong; scan it again.</source>
        <translation>Odczytano %1%2 — wygląda na EAN/GTIN, ale cyfra kontrolna się nie zgadza; zeskanuj jeszcze raz.</translation>
    </message>
    <message>
        <source>Read %1%2, which is not a known location, item, tote, order, parcel, badge, compartment or box.</source>
        <translation>Odczytano %1%2 — to nie jest znana lokalizacja, towar, pojemnik, zamówienie, paczka, identyfikator, skrytka ani karton.</translation>
    </message>
    <message>
        <source>Read GTIN %1 in a GS1 barcode, but no product in the catalogue has it.</source>
        <translation>Odczytano GTIN %1 w kodzie GS1, ale żaden produkt w katalogu go nie ma.</translation>
    </message>
    <message>
        <source>Read GS1 data with AIs %1 but no GTIN or SSCC, so it is neither an item nor a parcel.</source>
        <translation>Odczytano dane GS1 z AI %1, ale bez GTIN ani SSCC, więc to ani towar, ani paczka.</translation>
    </message>
</context>
<context>
    <name>ShiftReport</name>
    <message>
        <source>Shift report</source>
        <translation>Raport zmiany</translation>
    </message>
    <message>
        <source>Shift %1, %2–%3 (site time)</source>
        <translation>Zmiana %1, %2–%3 (czas lokalny)</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Wskaźnik</translation>
    </message>
    <message>
        <source>This shift</source>
        <translation>Ta zmiana</translation>
    </message>
    <message>
        <source>Previous shift</source>
        <translation>Poprzednia zmiana</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Ludzie</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rola</translation>
    </message>
    <message>
        <source>Time logged in</source>
        <translation>Czas zalogowania</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Liczba</translation>
    </message>
    <message>
        <source>Rate /h</source>
        <translation>Tempo /h</translation>
    </message>
    <message>
        <source>Late and at-risk orders</source>
        <translation>Zamówienia spóźnione i zagrożone</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Usługa</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>Wysłać do</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Pozostały czas</translation>
    </message>
    <message>
        <source>Open exceptions</source>
        <translation>Otwarte wyjątki</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Zgłoszono</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Komunikat</translation>
    </message>
    <message>
        <source>late</source>
        <translation>spóźnione</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>zagrożone</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 d %2 h</translation>
    </message>
    <message>
        <source>%1 late</source>
        <translation>%1 spóźnienia</translation>
    </message>
</context>
<context>
    <name>ShortPickDialog</name>
    <message>
        <source>Location empty</source>
        <translation>Lokalizacja pusta</translation>
    </message>
    <message>
        <source>Item damaged</source>
        <translation>Towar uszkodzony</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nie znaleziono</translation>
    </message>
    <message>
        <source>Short pick</source>
        <translation>Brak towaru</translation>
    </message>
    <message>
        <source>Why can the rest not be picked?</source>
        <translation>Dlaczego reszty nie można pobrać?</translation>
    </message>
    <message>
        <source>Esc  Cancel</source>
        <translation>Esc  Anuluj</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <source>Loading the shift…</source>
        <translation>Wczytuję zmianę…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Eksport CSV</translation>
    </message>
    <message>
        <source>Shift report (PDF)</source>
        <translation>Raport zmiany (PDF)</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Wykresy</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Imię i nazwisko</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rola</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Wykonane</translation>
    </message>
    <message>
        <source>Logged in</source>
        <translation>Czas pracy</translation>
    </message>
    <message>
        <source>Rate /h</source>
        <translation>Tempo /h</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Ludzie</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Zamówienie</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Usługa</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>Wysłać do</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Pozostały czas</translation>
    </message>
    <message>
        <source>Work left</source>
        <translation>Pozostała praca</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>Zagrożone</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>Wyjątki</translation>
    </message>
    <message>
        <source>Lockers</source>
        <translation>Paczkomaty</translation>
    </message>
    <message>
        <source>Shift %1, %2–%3 (site time) · ▲▼ against the previous shift</source>
        <translation>Zmiana %1, %2–%3 (czas lokalny) · ▲▼ wobec poprzedniej zmiany</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 po terminie</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Zgłoszono</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Jutro</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Zwroty</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>Magazyn</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Przypisano do</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Komunikat</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Potwierdź</translation>
    </message>
    <message>
        <source>Reassign to</source>
        <translation>Przekaż do</translation>
    </message>
    <message>
        <source>The figures could not be refreshed (%1); they will be tried again.</source>
        <translation>Nie udało się odświeżyć danych (%1); spróbuję ponownie.</translation>
    </message>
    <message>
        <source>late</source>
        <translation>spóźnione</translation>
    </message>
    <message>
        <source>at risk</source>
        <translation>zagrożone</translation>
    </message>
    <message>
        <source>Choose an exception in the list first.</source>
        <translation>Najpierw wybierz wyjątek z listy.</translation>
    </message>
    <message>
        <source>Exception acknowledged.</source>
        <translation>Wyjątek potwierdzony.</translation>
    </message>
    <message>
        <source>Choose an exception and a person first.</source>
        <translation>Najpierw wybierz wyjątek i osobę.</translation>
    </message>
    <message>
        <source>Exception handed to %1.</source>
        <translation>Wyjątek przekazany: %1.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Zapisano %1.</translation>
    </message>
    <message>
        <source>Shift report</source>
        <translation>Raport zmiany</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flota</translation>
    </message>
    <message>
        <source>Order-to-ship time, median</source>
        <translation>Czas do wysyłki, mediana</translation>
    </message>
    <message>
        <source>Order-to-ship time, p90</source>
        <translation>Czas do wysyłki, p90</translation>
    </message>
    <message>
        <source>On-time handover</source>
        <translation>Przekazane na czas</translation>
    </message>
    <message>
        <source>Pick rate, lines/h</source>
        <translation>Kompletacja, linie/h</translation>
    </message>
    <message>
        <source>Pack rate, orders/h</source>
        <translation>Pakowanie, zamówienia/h</translation>
    </message>
    <message>
        <source>Perfect orders</source>
        <translation>Zamówienia bez błędów</translation>
    </message>
    <message>
        <source>Scan errors per 1000 scans</source>
        <translation>Błędne skany na 1000</translation>
    </message>
    <message>
        <source>Fill rate</source>
        <translation>Stopień realizacji</translation>
    </message>
    <message>
        <source>Orders at risk</source>
        <translation>Zamówienia zagrożone</translation>
    </message>
    <message>
        <source>Orders late</source>
        <translation>Zamówienia spóźnione</translation>
    </message>
    <message>
        <source>Lockers in use now</source>
        <translation>Zajęte skrytki teraz</translation>
    </message>
    <message>
        <source>Lockers in use, shift average</source>
        <translation>Zajęte skrytki, średnio</translation>
    </message>
    <message>
        <source>Parcel dwell, median</source>
        <translation>Czas w skrytce, mediana</translation>
    </message>
    <message>
        <source>Parcel dwell, p90</source>
        <translation>Czas w skrytce, p90</translation>
    </message>
    <message>
        <source>Picked up in time</source>
        <translation>Odebrane w terminie</translation>
    </message>
    <message>
        <source>Door faults</source>
        <translation>Usterki drzwiczek</translation>
    </message>
    <message>
        <source>Inventory record accuracy</source>
        <translation>Zgodność stanów magazynowych</translation>
    </message>
    <message>
        <source>Dock to stock, median</source>
        <translation>Od rampy na półkę, mediana</translation>
    </message>
    <message>
        <source>Dock to stock, p90</source>
        <translation>Od rampy na półkę, p90</translation>
    </message>
    <message>
        <source>Return handling, median</source>
        <translation>Obsługa zwrotu, mediana</translation>
    </message>
    <message>
        <source>Return rate</source>
        <translation>Odsetek zwrotów</translation>
    </message>
    <message>
        <source>Time to restock, median</source>
        <translation>Zwrot na półkę, mediana</translation>
    </message>
    <message>
        <source>free</source>
        <translation>wolna</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>zarezerwowana</translation>
    </message>
    <message>
        <source>occupied</source>
        <translation>zajęta</translation>
    </message>
    <message>
        <source>door open</source>
        <translation>otwarta</translation>
    </message>
    <message>
        <source>fault</source>
        <translation>usterka</translation>
    </message>
    <message>
        <source>out of service</source>
        <translation>wyłączona</translation>
    </message>
    <message>
        <source>open</source>
        <translation>otwarty</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>potwierdzony</translation>
    </message>
    <message>
        <source>short pick</source>
        <translation>brak przy kompletacji</translation>
    </message>
    <message>
        <source>weight mismatch</source>
        <translation>niezgodna waga</translation>
    </message>
    <message>
        <source>handed over without a label</source>
        <translation>wydana bez etykiety</translation>
    </message>
    <message>
        <source>door fault</source>
        <translation>usterka drzwiczek</translation>
    </message>
    <message>
        <source>rejected by the backend</source>
        <translation>odrzucone przez serwer</translation>
    </message>
    <message>
        <source>sync conflict</source>
        <translation>konflikt synchronizacji</translation>
    </message>
    <message>
        <source>returned item not in the order</source>
        <translation>zwrócony towar spoza zamówienia</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 pp</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>brak danych</translation>
    </message>
    <message>
        <source>no previous shift</source>
        <translation>brak porównania</translation>
    </message>
    <message>
        <source>Previous shift: %1</source>
        <translation>Poprzednia zmiana: %1</translation>
    </message>
</context>
<context>
    <name>StockCardPage</name>
    <message>
        <source>Time</source>
        <translation>Czas</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Rodzaj</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Lokalizacja</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Zmiana</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Kto</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Przyczyna</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Odniesienie</translation>
    </message>
    <message>
        <source>Type the change and the reason&apos;s number, e.g. -2 1.</source>
        <translation>Wpisz zmianę i numer przyczyny, np. -2 1.</translation>
    </message>
    <message>
        <source>Adjusted %1 at %2 by %3.</source>
        <translation>Skorygowano %1 w %2 o %3.</translation>
    </message>
    <message>
        <source>Adjust %1 at %2: type the change and the reason&apos;s number (e.g. -2 1), Enter.</source>
        <translation>Korekta %1 w %2: wpisz zmianę i numer przyczyny (np. -2 1), Enter.</translation>
    </message>
    <message>
        <source>Stock card: scan a SKU or type its code, Enter. Scan a location to adjust it.</source>
        <translation>Kartoteka towaru: zeskanuj SKU albo wpisz jego kod, Enter. Zeskanuj lokalizację, aby ją skorygować.</translation>
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
    <name>TomorrowTab</name>
    <message>
        <source>Refresh</source>
        <translation>Odśwież</translation>
    </message>
    <message>
        <source>Locker</source>
        <translation>Paczkomat</translation>
    </message>
    <message>
        <source>Compartments</source>
        <translation>Skrytki</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Spodziewane</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Zapełnienie</translation>
    </message>
    <message>
        <source>Busiest at</source>
        <translation>Szczyt o</translation>
    </message>
    <message>
        <source>Tomorrow&apos;s locker fill comes from the backend; press Refresh.</source>
        <translation>Jutrzejsze zapełnienie paczkomatów podaje serwer; naciśnij Odśwież.</translation>
    </message>
    <message>
        <source>Asking the backend…</source>
        <translation>Pytam serwer…</translation>
    </message>
    <message>
        <source>%1 — nearly full</source>
        <translation>%1 — prawie pełny</translation>
    </message>
    <message>
        <source>Every locker, from the backend.</source>
        <translation>Wszystkie paczkomaty, według serwera.</translation>
    </message>
    <message>
        <source>This locker as the backend has it (set stats.fleet_token_file for every locker).</source>
        <translation>Ten paczkomat według serwera (ustaw stats.fleet_token_file, aby zobaczyć wszystkie).</translation>
    </message>
    <message>
        <source>Tomorrow (%1): %2 of %3 lockers nearly full. %4</source>
        <translation>Jutro (%1): prawie pełne paczkomaty: %2 z %3. %4</translation>
    </message>
    <message>
        <source>no backend is configured; enrol this terminal (handoff enroll) to see the forecast.</source>
        <translation>nie skonfigurowano serwera; zarejestruj ten terminal (handoff enroll), aby zobaczyć prognozę.</translation>
    </message>
    <message>
        <source>the backend cannot be reached; the rows below are the last it gave.</source>
        <translation>nie można połączyć się z serwerem; poniżej ostatnie podane przez niego wiersze.</translation>
    </message>
    <message>
        <source>the backend refused this terminal; enrol it again (handoff enroll).</source>
        <translation>serwer odrzucił ten terminal; zarejestruj go ponownie (handoff enroll).</translation>
    </message>
    <message>
        <source>The forecast is not available: %1</source>
        <translation>Prognoza jest niedostępna: %1</translation>
    </message>
</context>
<context>
    <name>lockers</name>
    <message>
        <source>Courier</source>
        <translation>Kurier</translation>
    </message>
    <message>
        <source>Too small</source>
        <translation>Za mała</translation>
    </message>
    <message>
        <source>Not empty</source>
        <translation>Nie jest pusta</translation>
    </message>
    <message>
        <source>To take away (expired parcels and returns):</source>
        <translation>Do zabrania (przeterminowane paczki i zwroty):</translation>
    </message>
    <message>
        <source>Open the selected compartment</source>
        <translation>Otwórz wybraną skrytkę</translation>
    </message>
    <message>
        <source>Refresh the list</source>
        <translation>Odśwież listę</translation>
    </message>
    <message>
        <source>Scan a parcel to deposit it.</source>
        <translation>Zeskanuj paczkę, aby ją nadać do skrytki.</translation>
    </message>
    <message>
        <source>Loading the parcels to take away…</source>
        <translation>Wczytuję paczki do zabrania…</translation>
    </message>
    <message>
        <source>Compartment %1</source>
        <translation>Skrytka %1</translation>
    </message>
    <message>
        <source>Nothing to take away from this locker.</source>
        <translation>Nie ma nic do zabrania z tego automatu.</translation>
    </message>
    <message>
        <source>Finish the open compartment first.</source>
        <translation>Najpierw dokończ z otwartą skrytką.</translation>
    </message>
    <message>
        <source>Finding a compartment for %1…</source>
        <translation>Szukam skrytki dla %1…</translation>
    </message>
    <message>
        <source>Compartment %1 is open</source>
        <translation>Skrytka %1 jest otwarta</translation>
    </message>
    <message>
        <source>Put the parcel in and close the door.</source>
        <translation>Włóż paczkę i zamknij drzwiczki.</translation>
    </message>
    <message>
        <source>Take the parcel out and close the door.</source>
        <translation>Wyjmij paczkę i zamknij drzwiczki.</translation>
    </message>
    <message>
        <source>Please close compartment %1.</source>
        <translation>Proszę zamknąć skrytkę %1.</translation>
    </message>
    <message>
        <source>Close the door; another compartment will open.</source>
        <translation>Zamknij drzwiczki; otworzy się inna skrytka.</translation>
    </message>
    <message>
        <source>return</source>
        <translation>zwrot</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>przeterminowana</translation>
    </message>
    <message>
        <source>The code has exactly 6 digits.</source>
        <translation>Kod ma dokładnie 6 cyfr.</translation>
    </message>
    <message>
        <source>Enter the 9-digit phone number the parcel was sent to.</source>
        <translation>Wpisz 9-cyfrowy numer telefonu, na który nadano paczkę.</translation>
    </message>
    <message>
        <source>That phone number and code do not match a parcel here.</source>
        <translation>Ten numer telefonu i kod nie pasują do żadnej paczki w tym automacie.</translation>
    </message>
    <message>
        <source>This QR code is not a pickup code for this locker.</source>
        <translation>Ten kod QR nie jest kodem odbioru dla tego automatu.</translation>
    </message>
    <message>
        <source>This parcel waited too long and goes back to the sender; contact the shop.</source>
        <translation>Paczka czekała zbyt długo i wraca do nadawcy; skontaktuj się ze sklepem.</translation>
    </message>
    <message>
        <source>The door did not open; support has been told and your parcel stays safe.</source>
        <translation>Drzwiczki się nie otworzyły; obsługa została powiadomiona, a paczka jest bezpieczna.</translation>
    </message>
    <message>
        <source>The compartment cannot be opened right now; try again in a minute or call support.</source>
        <translation>Nie można teraz otworzyć skrytki; spróbuj za minutę lub zadzwoń do obsługi.</translation>
    </message>
    <message>
        <source>The lock boards cannot be reached; call support.</source>
        <translation>Brak połączenia z zamkami; zadzwoń do obsługi.</translation>
    </message>
    <message>
        <source>The compartment is out of order; support has been told.</source>
        <translation>Skrytka jest niesprawna; obsługa została powiadomiona.</translation>
    </message>
    <message>
        <source>The compartment is not closed as it should be; support has been told.</source>
        <translation>Skrytka nie jest zamknięta tak, jak powinna; obsługa została powiadomiona.</translation>
    </message>
    <message>
        <source>This return code has already been used.</source>
        <translation>Ten kod zwrotu został już użyty.</translation>
    </message>
    <message>
        <source>No free compartment fits this parcel right now; please try again later.</source>
        <translation>Żadna wolna skrytka nie pasuje teraz do tej paczki; spróbuj później.</translation>
    </message>
    <message>
        <source>Enjoy your parcel!</source>
        <translation>Miłego rozpakowywania!</translation>
    </message>
    <message>
        <source>The parcel is still in the compartment; enter your code again to open it.</source>
        <translation>Paczka wciąż jest w skrytce; wpisz kod ponownie, aby ją otworzyć.</translation>
    </message>
    <message>
        <source>Your return is in the compartment. Thank you.</source>
        <translation>Zwrot jest w skrytce. Dziękujemy.</translation>
    </message>
    <message>
        <source>The compartment was closed empty; please try again.</source>
        <translation>Skrytkę zamknięto pustą; spróbuj ponownie.</translation>
    </message>
    <message>
        <source>This parcel&apos;s pickup time ended on %1; it goes back to the sender. Contact the shop.</source>
        <translation>Czas odbioru tej paczki minął %1; wraca do nadawcy. Skontaktuj się ze sklepem.</translation>
    </message>
    <message>
        <source>Too many wrong codes. Try again in %1 seconds.</source>
        <translation>Zbyt wiele błędnych kodów. Spróbuj ponownie za %1 s.</translation>
    </message>
    <message>
        <source>The keypad now pauses for a while.</source>
        <translation>Klawiatura jest teraz na chwilę zablokowana.</translation>
    </message>
    <message>
        <source>%1 more tries before a pause.</source>
        <translation>Pozostałe próby przed blokadą: %1.</translation>
    </message>
    <message>
        <source>The parcel is still in the compartment; enter your code again to open it. It waits for you until %1.</source>
        <translation>Paczka jest nadal w skrytce; wpisz kod ponownie, aby ją otworzyć. Czeka na Ciebie do %1.</translation>
    </message>
    <message>
        <source>Parcel %1 is in compartment %2.</source>
        <translation>Paczka %1 jest w skrytce %2.</translation>
    </message>
    <message>
        <source>Parcel %1 collected from compartment %2.</source>
        <translation>Paczkę %1 zabrano ze skrytki %2.</translation>
    </message>
    <message>
        <source>Compartment %1 was closed empty; scan the parcel again.</source>
        <translation>Skrytkę %1 zamknięto pustą; zeskanuj paczkę jeszcze raz.</translation>
    </message>
    <message>
        <source>The kiosk stopped while the door was open.</source>
        <translation>Automat zatrzymał się przy otwartych drzwiach.</translation>
    </message>
    <message>
        <source>Please wait, a door is being opened.</source>
        <translation>Proszę czekać, otwieram skrytkę.</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Otwieram…</translation>
    </message>
    <message>
        <source>Compartment %1 is open. Take your parcel and close the door.</source>
        <translation>Skrytka %1 jest otwarta. Wyjmij paczkę i zamknij drzwiczki.</translation>
    </message>
    <message>
        <source>Collect a parcel</source>
        <translation>Odbierz paczkę</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Numer telefonu</translation>
    </message>
    <message>
        <source>Pickup code (6 digits)</source>
        <translation>Kod odbioru (6 cyfr)</translation>
    </message>
    <message>
        <source>Enter your phone number and the 6-digit code, or show the QR code to the camera.</source>
        <translation>Wpisz numer telefonu i 6-cyfrowy kod albo pokaż kod QR kamerze.</translation>
    </message>
    <message>
        <source>Send a return</source>
        <translation>Nadaj zwrot</translation>
    </message>
    <message>
        <source>Return code (6 digits)</source>
        <translation>Kod zwrotu (6 cyfr)</translation>
    </message>
    <message>
        <source>Enter the 6-digit return code from the shop.</source>
        <translation>Wpisz 6-cyfrowy kod zwrotu otrzymany ze sklepu.</translation>
    </message>
    <message>
        <source>Parcel does not fit</source>
        <translation>Paczka się nie mieści</translation>
    </message>
    <message>
        <source>Compartment %1 is open. Put the parcel in and close the door.</source>
        <translation>Skrytka %1 jest otwarta. Włóż paczkę i zamknij drzwiczki.</translation>
    </message>
    <message>
        <source>Close the door; a bigger compartment will open.</source>
        <translation>Zamknij drzwiczki; otworzy się większa skrytka.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Rozmiar</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Rząd</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stan</translation>
    </message>
    <message>
        <source>Door</source>
        <translation>Drzwiczki</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>W środku</translation>
    </message>
    <message>
        <source>FREE</source>
        <translation>wolna</translation>
    </message>
    <message>
        <source>RESERVED</source>
        <translation>zarezerwowana</translation>
    </message>
    <message>
        <source>OCCUPIED</source>
        <translation>zajęta</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>otwarta</translation>
    </message>
    <message>
        <source>FAULT</source>
        <translation>usterka</translation>
    </message>
    <message>
        <source>OUT_OF_SERVICE</source>
        <translation>wyłączona</translation>
    </message>
    <message>
        <source>open</source>
        <translation>otwarte</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>zamknięte</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>nieznany</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Serwisant</translation>
    </message>
    <message>
        <source>Read the boards</source>
        <translation>Odczytaj sterowniki</translation>
    </message>
    <message>
        <source>Open door…</source>
        <translation>Otwórz drzwiczki…</translation>
    </message>
    <message>
        <source>Confirm: open</source>
        <translation>Potwierdź: otwórz</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Wyłącz z użytku</translation>
    </message>
    <message>
        <source>Back in service</source>
        <translation>Przywróć do użytku</translation>
    </message>
    <message>
        <source>Compartment %1 is open; close it when you are done.</source>
        <translation>Skrytka %1 jest otwarta; zamknij ją po zakończeniu.</translation>
    </message>
    <message>
        <source>Choose a compartment first.</source>
        <translation>Najpierw wybierz skrytkę.</translation>
    </message>
    <message>
        <source>Confirm: open %1</source>
        <translation>Potwierdź: otwórz %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>tak</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>board offline</source>
        <translation>sterownik nie odpowiada</translation>
    </message>
    <message>
        <source>Boards not answering: %1</source>
        <translation>Sterowniki bez odpowiedzi: %1</translation>
    </message>
    <message>
        <source>All boards answer.</source>
        <translation>Wszystkie sterowniki odpowiadają.</translation>
    </message>
    <message>
        <source>Door opened.</source>
        <translation>Drzwiczki otwarte.</translation>
    </message>
    <message>
        <source>The door did not open (%1).</source>
        <translation>Drzwiczki się nie otworzyły (%1).</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Zapisano.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Accessible mode</source>
        <translation>Tryb ułatwień</translation>
    </message>
    <message>
        <source>Support is opening compartment %1 remotely.</source>
        <translation>Obsługa zdalnie otwiera skrytkę %1.</translation>
    </message>
    <message>
        <source>Lock-board emulator</source>
        <translation>Emulator sterowników zamków</translation>
    </message>
    <message>
        <source>Board %1</source>
        <translation>Sterownik %1</translation>
    </message>
    <message>
        <source>no reply</source>
        <translation>brak odpowiedzi</translation>
    </message>
    <message>
        <source>garbled reply</source>
        <translation>zniekształcona odpowiedź</translation>
    </message>
    <message>
        <source>stuck</source>
        <translation>zacięte</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Collect a parcel</source>
        <translation>Odbierz paczkę</translation>
    </message>
    <message>
        <source>Send a return</source>
        <translation>Nadaj zwrot</translation>
    </message>
    <message>
        <source>Courier</source>
        <translation>Kurier</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Serwisant</translation>
    </message>
    <message>
        <source>Packing</source>
        <translation>Pakowanie</translation>
    </message>
    <message>
        <source>Handover</source>
        <translation>Przekazanie</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>Zwroty</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>Inwentaryzacja</translation>
    </message>
    <message>
        <source>Stock card</source>
        <translation>Kartoteka towaru</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>Przyjęcie towaru</translation>
    </message>
    <message>
        <source>Replenish</source>
        <translation>Uzupełnianie</translation>
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
        <source>stocker</source>
        <translation>magazynier</translation>
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
