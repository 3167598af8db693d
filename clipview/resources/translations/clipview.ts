<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none chosen yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogueTable</name>
    <message>
        <source>for a CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for a GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>many languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models to download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU time: per photo, relative to OpenAI&apos;s ViT-B/32. Recall: Crossmodal-3600, English (Immich&apos;s measurements)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>installed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Chip</name>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {chip}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Opening the library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescanning your folders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n folder added: it is indexed when a model is ready</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folders added: they are indexed when a model is ready</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folder will be indexed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n folders will be indexed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message>
        <source>%n photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{photos}, {videos}</source>
        <comment>20 photos, 4 videos</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateJumpButton</name>
    <message>
        <source>Jump to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump to a year or month of the timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{month}  ({count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateRangeButton</name>
    <message>
        <source>Dates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only photos taken between two days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limits: photos of every day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field}: “{text}” is no day.
Type it as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From was after To: the two days were swapped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{first} – {last}</source>
        <comment>a range of days</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateSections</name>
    <message>
        <source>Undated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>{month} {year}</source>
        <comment>a section of the timeline: June 2021</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{day}, {time}</source>
        <comment>a day and its time of day</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DayEdit</name>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a day (2021-05-01) or pick one in the calendar; empty: no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the day in a calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick in a calendar: {day}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>identical to {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Groups of copies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move selected to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The photos ticked “remove” go to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the copies to move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for duplicates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding duplicates failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Moved %n photo to the trash.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %n photos to the trash.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> (and {count} more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not moved: {name}: {why}{more}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No duplicates found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group {number}: {count} photos, {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n file</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n files</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No copy of {names} will remain in the library.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pasting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Laying out the grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrolling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (details in the log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} stopped: {error}{where}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExternalWatch</name>
    <message>
        <source>Another clipview process (pid {pid}) is updating this library…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date (updated by another clipview process)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Choose a model — clipview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clipview needs a model to search your photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CLIP model turns photos and words into numbers that can be compared, so you can search by describing what you look for. It is downloaded once from the Hugging Face hub. Meanwhile you can add folders of photos (Add folder…, or drop them on the window): they are indexed as soon as the model is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommended: {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For your NVIDIA GPU: {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model bundle already on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close; a running download stops and continues from where it stopped when you download again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the download of {model}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the model in {folder}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another model download is running; wait for it to end or cancel it in the Models dialog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} is installed and in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} of {model} are already downloaded: Download continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FolderSidebar</name>
    <message>
        <source>indexing</source>
        <comment>a folder&apos;s note while it is indexed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library&apos;s folders with their photo counts; choosing folders shows only their photos, Escape shows all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder of photos to index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop tracking the folder; the photos stay on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop folders anywhere on the window to index them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridPresenter</name>
    <message>
        <source>min score {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} (the newest; the rest in a moment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n result</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n results</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{results} (of {total})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{results} in {ms} ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{results}; %n photo not searched yet</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{results}; %n photos not searched yet</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Indexing… {done}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing… (scanning)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{indexing}
Photos appear here as they are indexed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop folders of photos here (or use Add folder…) to index them, then type what you are looking for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos in this view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No matches yet. {indexing}: more photos are coming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No results above the score cut-off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photos match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove a filter above (or click All photos) to see more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not {photo}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only {kinds}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>score ≥ {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best matches only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuiWatcher</name>
    <message>
        <source>Not watching folders: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>watching %n folder</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>watching %n folders</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{watching} ({offline} offline)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>&lt;h2&gt;Searching&lt;/h2&gt;
&lt;p&gt;Type what you are looking for, in plain words: &lt;code&gt;dog on a beach&lt;/code&gt;,
&lt;code&gt;red car at night&lt;/code&gt;. Results come as you type; &lt;b&gt;Enter&lt;/b&gt; searches at once.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Adding and taking away&lt;/h3&gt;
&lt;p&gt;Join terms with &lt;code&gt;+&lt;/code&gt; and &lt;code&gt;-&lt;/code&gt;, with a space on each side:
&lt;code&gt;beach + sunset - people&lt;/code&gt; finds beach sunsets without people. Without the spaces a
dash stays part of the word, so &lt;code&gt;t-shirt&lt;/code&gt; is one term. A leading
&lt;code&gt;-&lt;/code&gt; takes a term away: &lt;code&gt;- people&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Weights&lt;/h3&gt;
&lt;p&gt;Put a number and a colon before a term to make it count more (or less):
&lt;code&gt;2:dog + cat&lt;/code&gt; (twice as much dog), &lt;code&gt;0.5:snow + mountain&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Quotes&lt;/h3&gt;
&lt;p&gt;Double quotes keep a term whole, so a phrase or a path that contains
&lt;code&gt; + &lt;/code&gt; or &lt;code&gt; - &lt;/code&gt; is not split:
&lt;code&gt;&quot;rock - paper - scissors&quot;&lt;/code&gt;,
&lt;code&gt;&quot;~/Pictures/Trip - Day 1/a.jpg&quot; + snow&lt;/code&gt;.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Photos as terms&lt;/h3&gt;
&lt;p&gt;A path to a photo is a term too: the photo stands for what it shows.
&lt;code&gt;~/Pictures/a.jpg + snow&lt;/code&gt; finds photos like &lt;i&gt;a.jpg&lt;/i&gt;, but snowy;
&lt;code&gt;~/Pictures/a.jpg - ~/Pictures/b.jpg&lt;/code&gt; keeps what &lt;i&gt;a&lt;/i&gt; has and &lt;i&gt;b&lt;/i&gt; has not.
A query that is just the path of a photo finds photos like it. &lt;code&gt;~&lt;/code&gt; is your home
folder.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Dropping and pasting photos&lt;/h3&gt;
&lt;p&gt;Drop a photo on the window or on the search field, or paste an image (&lt;b&gt;Ctrl+V&lt;/b&gt;) into
the search field, to search by it. Dropping a folder adds it to the library.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;From a photo in the grid&lt;/h3&gt;
&lt;p&gt;Right-click a photo: &lt;b&gt;Find similar&lt;/b&gt; shows the photos most like it;
&lt;b&gt;More like this&lt;/b&gt; adds it to the current search, &lt;b&gt;Less like this&lt;/b&gt; takes it away.
The photos in a search are shown as small chips in the search field; remove a chip to take
its photo out of the search.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;On the command line&lt;/h3&gt;
&lt;p&gt;The same syntax works in &lt;code&gt;clipview search &quot;beach + sunset - people&quot;&lt;/code&gt; and
&lt;code&gt;clipview search &quot;~/Pictures/a.jpg + snow&quot;&lt;/code&gt;; &lt;code&gt;clipview similar PHOTO&lt;/code&gt;
is Find similar.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the search field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the photo in the viewer (also double-click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the photo in the viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move between photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+wheel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the thumbnails larger or smaller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the paths of the selected photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the selected photos to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescan the folders (index now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← / → (or wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous / next photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 % (real size); drag to move around</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 or F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in the default application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escape or Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Query syntax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About clipview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query syntax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse your photos by what they show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About clipview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the versions, for a bug report</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InstalledTable</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>building vectors: {percent}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>building vectors</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobKind</name>
    <message>
        <source>Opening the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing the library&apos;s folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listing the new photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating from the watched folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the new model&apos;s vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Putting the folder back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moving to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the int8 copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switching models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the models&apos; state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for a model</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LibraryJobs</name>
    <message>
        <source>no library is open: choose a model first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the library is not open yet; {what} again in a moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add the folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved %n photo to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved %n photos to the trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; {count} could not be moved ({path}: {why})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <source>Licences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the list of components…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Components and their licences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Component</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Showing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos searched by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library newest first, or the search results; Space or Enter shows the photo in the viewer, the context menu key offers more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Index now: look for new, changed and removed photos (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order of results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best match first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order of search results (browsing is always newest first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best matches only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide results much weaker than the best ones for this search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide results below this score (remembered per model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min score {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbnail size (Ctrl+wheel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download, choose and switch models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find duplicates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies of the same photo, to keep one of each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected photos to the system trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show file names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (GPU if available)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelDownload</name>
    <message>
        <source>Installing {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the operation failed (details in the log)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelText</name>
    <message>
        <source>recommended for a CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recommended for a GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recommended for many languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the hub for the model&apos;s files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the downloaded files against the hub&apos;s hashes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying the model folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model to check that it works…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English and many other languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>many languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>English + many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finds more than OpenAI&apos;s ViT-B/32 (recall {recall} vs {base} on Crossmodal-3600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finds less than OpenAI&apos;s ViT-B/32 (recall {recall} vs {base} on Crossmodal-3600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finds about as much as OpenAI&apos;s ViT-B/32 (recall {recall} vs {base} on Crossmodal-3600)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>understands searches in many languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as fast on a CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as fast as OpenAI&apos;s ViT-B/32 on a CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {cost}× its CPU time per photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {cost}× OpenAI&apos;s ViT-B/32&apos;s CPU time per photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{size} download · {languages} · {family} · {dim}-number vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading {file}: {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading: {done} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model to check that it works: {file} ({step} of {steps} done)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model to check that it works ({step} of {steps} done)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is already installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {speed} MB/s, {time} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {seconds} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {hours} h {minutes} min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the int8 copy of {name}: quantising {what} ({percent})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the int8 copy of {name}: checking it against fp32, {what} ({percent})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The int8 copy of {name} is ready: it is used from now on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} runs in fp32 on this CPU: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no int8 copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Models — clipview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vectors built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search with this model; its vectors are built first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check every file against its recorded sha256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the model&apos;s files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download from the Hugging Face hub (Immich&apos;s models)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled; what was fetched is kept, Download continues from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use: {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model is in use yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is not open in this window: select it and press Use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building vectors for {model}: {done} of {total} photos ({percent}%).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building vectors for {model}: {done} of {total} photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searches use the model in use until it is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying {model}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another model download is running; wait for it or cancel it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the download of {model}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling the download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the model {model}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its files are deleted; you can download it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is in use: search stops until another model is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also delete its vectors from the library (using it again would encode every photo again)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model}: {progress}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} is installed; choose it under Installed models and press Use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} has problems: {problems}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{model} is fine: every file matches its recorded sha256 and it loads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model to read about it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelsTool</name>
    <message>
        <source>{model} is installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders wait for a model: File ▸ Models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model bundle first (File menu)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notify</name>
    <message>
        <source>Indexing finished: 1 photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing finished: %1 photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new model&apos;s vectors are built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model download finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is installed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PastedImages</name>
    <message>
        <source>the image on the clipboard is too large ({width}×{height}; at most {megapixels} megapixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image on the clipboard could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clipboard&apos;s image could not be turned into a PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the image is too large to paste ({size} MiB as PNG; at most {most} MiB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not paste: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoDetails</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shutter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aperture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ISO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focal length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Altitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frame at</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow keys: previous and next photo; 1: real size; 0: fit; I: details; Enter: open in the default application; Escape: close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous photo (←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next photo (→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to the window (0 or F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>100 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real size, one photo pixel per screen pixel (1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the details (I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in the default application (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its folder is offline (unplugged or unreachable): this is its thumbnail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its folder is offline (unplugged or unreachable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {name}: no application is set up to open it, or it failed to start. Use “Show in folder” from the grid&apos;s menu to open it yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No application here opens map links ({uri}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>Waiting: another clipview process (pid {pid}) is updating this library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the new model&apos;s vectors stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new model&apos;s vectors are built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} cancelled (F5 finishes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n photo listed: it is encoded once the int8 copy of the model is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n photos listed: they are encoded once the int8 copy of the model is ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Ranking</name>
    <message>
        <source>match {score} (cosine)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>matched {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Removal</name>
    <message>
        <source>Remove folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop tracking “{folder}”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing indexed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n photo</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photos</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Removed {folder} ({held})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clipview stops tracking it; nothing was indexed yet. The files stay on disk. You can undo this until clipview closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its photos leave the library and their vectors are dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its %n photo leaves the library and its vector is dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its %n photos leave the library and their vectors are dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The files stay on disk. You can undo this until clipview closes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultActions</name>
    <message>
        <source>Could not show the folder of {name}: no default application (View shows it here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {name}: no default application (View shows it here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n photo</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photos</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultMenu</name>
    <message>
        <source>Find similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More like this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less like this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in default application</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to trash…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match {score}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{section}, {count}</source>
        <comment>June 2021, 24 photos</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchField</name>
    <message>
        <source>No such file: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a photo to search by: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search photos: &apos;dog on a beach&apos;, &apos;sunset - people&apos;, or drop or paste a photo here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describe what the photos show, or drop or paste a photo to search by it; Enter searches at once, Escape clears</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the pasted image…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Listing new photos {done}/{total}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scanning folders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the index…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexed %n photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexed %n photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: {done}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indexing {done}/{total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{progress}, {time} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{progress}, {skipped} skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rate} photos/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running job (F5 finishes an index later)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the log file with the full error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the removed folder back, with its vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the log file&apos;s path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running on {device}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No app could open the log: it is at {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The log&apos;s path is copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Trash</name>
    <message>
        <source>Move {what} to the trash?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The files go to your desktop&apos;s trash (restore them from there); they leave the library.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TypeFilterButton</name>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only photos, RAW files or videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type of file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAW files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Videos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>videos</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_PhotoCell</name>
    <message>
        <source>★ suggested keeper</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
